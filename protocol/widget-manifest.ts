/** The built widget's files, written by `npm run build` and handed by the collector to the loader. */
export interface WidgetManifest {
  loader: string;
  /** `assets/…` paths, relative to the collector's base URL. */
  stage2: string;
  ui: string;
  /** The consent block of the site's own forms (loaded only where a page has one). */
  forms: string;
  /** The collector's renderer of the banner's first paint (a Node module, relative to the manifest). */
  prerender?: string;
  /** Chunks stage two and the UI import (preloaded with them: a module preload does not fetch its imports). */
  shared?: string[];
  /** Built-in UI strings, one chunk per language. */
  strings: Record<string, string>;
}
