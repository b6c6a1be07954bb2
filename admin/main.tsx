import { render } from 'preact';
import { App } from './app';
import { adoptTheme } from './theme';

adoptTheme(document);
render(<App />, document.getElementById('app')!);
