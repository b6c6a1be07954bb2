/** The built widget's files, written by `npm run build` and handed by the collector to the loader. */
export interface WidgetManifest {
  loader: string;
  /** `assets/…` paths, relative to the collector's base URL. */
  stage2: string;
  ui: string;
  /** Built-in UI strings, one chunk per language. */
  strings: Record<string, string>;
}
