/**
 * The app's theme as the charts need it: canvas drawing cannot use CSS variables, so their values
 * are read from app.css's custom properties, and read again whenever <html data-theme> changes.
 */
export interface ChartTheme {
  text: string;
  muted: string;
  faint: string;
  grid: string;
  surface: string;
  mark: string;
  danger: string;
  accent: string;
  font: string;
}

export function readChartTheme(element: Element = document.documentElement): ChartTheme {
  const style = getComputedStyle(element);
  const value = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: value('--text', '#1f2328'),
    muted: value('--text-muted', '#59616d'),
    faint: value('--text-faint', '#6e7681'),
    grid: value('--border', '#e2e5e9'),
    surface: value('--surface', '#ffffff'),
    mark: value('--warning', '#b45309'),
    danger: value('--danger', '#dc2626'),
    accent: value('--accent', '#4f46e5'),
    font: value('--font-ui', 'system-ui, sans-serif'),
  };
}

/** Calls `changed` after the theme switches; returns the function that stops watching. */
export function watchTheme(changed: () => void, element: Element = document.documentElement): () => void {
  const observer = new MutationObserver(changed);
  observer.observe(element, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
