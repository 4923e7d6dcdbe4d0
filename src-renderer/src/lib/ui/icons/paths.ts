/**
 * Stroke icons on a 24×24 grid (drawn with currentColor, 1.75 stroke, round joins).
 * Each entry is the inner SVG markup; keep them simple shapes so they stay crisp at 14–16 px.
 */
export const iconPaths = {
  'file-plus':
    '<path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z"/><path d="M14 3v5h5"/><path d="M12 11.5v6M9 14.5h6"/>',
  'folder-open':
    '<path d="M4 19V6a2 2 0 0 1 2-2h3.5l2 2H17a2 2 0 0 1 2 2v2"/><path d="M4 19l2.6-7.1A1.5 1.5 0 0 1 8 11h12.1a1 1 0 0 1 .95 1.3L19 19z"/>',
  save: '<path d="M5 3h11l3 3v13a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2z" /><path d="M8 3v5h7V3"/><rect x="8" y="13" width="8" height="8" rx="1"/>',
  'save-as':
    '<path d="M12 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h9l3 3v4"/><path d="M8 3v5h7V3"/><path d="M8 21v-6h4"/><path d="M18.4 12.6a1.4 1.4 0 0 1 2 2L15.5 19.5 13 20l.5-2.5z"/>',
  sun: '<circle cx="12" cy="12" r="4"/><path d="M12 2.5v2M12 19.5v2M4.6 4.6 6 6M18 18l1.4 1.4M2.5 12h2M19.5 12h2M4.6 19.4 6 18M18 6l1.4-1.4"/>',
  moon: '<path d="M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5z"/>',
  monitor: '<rect x="3" y="4" width="18" height="12" rx="2"/><path d="M8 20h8M12 16v4"/>',
  layers:
    '<path d="M12 3 3 7.5l9 4.5 9-4.5z"/><path d="m3 12 9 4.5 9-4.5"/><path d="m3 16.5 9 4.5 9-4.5"/>',
  sliders:
    '<path d="M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1"/><circle cx="15" cy="6" r="2"/><circle cx="9" cy="12" r="2"/><circle cx="17" cy="18" r="2"/>',
  chart: '<path d="M4 4v16h16"/><path d="m7 15 4-5 3 3 5-6"/>',
  terminal: '<rect x="3" y="4" width="18" height="16" rx="2"/><path d="m7 9 3 3-3 3M13 15h4"/>',
  pointer: '<path d="M5 3.5 19 10l-6 2-2 6z"/><path d="m13 12 5 5"/>',
  network:
    '<circle cx="5" cy="7" r="2"/><circle cx="5" cy="17" r="2"/><circle cx="12" cy="12" r="2"/><circle cx="19" cy="7" r="2"/><circle cx="19" cy="17" r="2"/><path d="m6.8 8 3.4 3M6.8 16l3.4-3M13.8 11l3.4-3M13.8 13l3.4 3"/>',
  trash: '<path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3"/>',
  undo: '<path d="M9 14 4 9l5-5"/><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11"/>',
  redo: '<path d="m15 14 5-5-5-5"/><path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13"/>',
  'auto-layout':
    '<rect x="3" y="9" width="5" height="6" rx="1.2"/><rect x="16" y="4" width="5" height="6" rx="1.2"/><rect x="16" y="14" width="5" height="6" rx="1.2"/><path d="M8 12h3.5M11.5 7v10M11.5 7H16M11.5 17H16"/>',
  'fit-view': '<path d="M4 9V5a1 1 0 0 1 1-1h4M15 4h4a1 1 0 0 1 1 1v4M20 15v4a1 1 0 0 1-1 1h-4M9 20H5a1 1 0 0 1-1-1v-4"/><rect x="8.5" y="8.5" width="7" height="7" rx="1"/>',
  duplicate: '<rect x="8" y="8" width="12" height="12" rx="2"/><path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2"/>',
  x: '<path d="M6 6l12 12M18 6 6 18"/>',
  'alert-triangle': '<path d="M10.3 4.2 2.8 17.5A2 2 0 0 0 4.5 20.5h15a2 2 0 0 0 1.7-3L13.7 4.2a2 2 0 0 0-3.4 0z"/><path d="M12 9.5v4M12 17h.01"/>',
  'alert-circle': '<circle cx="12" cy="12" r="9"/><path d="M12 7.5v5M12 16.2h.01"/>',
  info: '<circle cx="12" cy="12" r="9"/><path d="M12 11v5.5M12 7.8h.01"/>',
  'check-circle': '<circle cx="12" cy="12" r="9"/><path d="m8 12.5 2.7 2.7L16 10"/>',
  upload: '<path d="M12 15V4M7.5 8.5 12 4l4.5 4.5"/><path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3"/>',
  template: '<rect x="3.5" y="3.5" width="17" height="17" rx="2.5"/><path d="M3.5 9h17M9 9v11.5"/>',
  clock: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
  'kind-input': '<path d="M3 12h11"/><path d="m10 8 4 4-4 4"/><path d="M16 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3"/>',
  'kind-dense':
    '<circle cx="5" cy="7" r="2"/><circle cx="5" cy="17" r="2"/><circle cx="19" cy="5" r="2"/><circle cx="19" cy="12" r="2"/><circle cx="19" cy="19" r="2"/><path d="M7 7.3 17 5.2M7 7.6l10 4M7 8l10 10M7 16.4 17 5.8M7 16.6l10-4M7 17l10 1.8"/>',
  'kind-activation': '<path d="M3 17h3M21 5 11 17H6"/><path d="M3 21h18" opacity=".45"/>',
  'kind-batchnorm': '<path d="M3 19h1.5c3.5 0 4.5-13 7.5-13s4 13 7.5 13H21"/><path d="M12 6v13" opacity=".45"/>',
  'kind-dropout':
    '<circle cx="6" cy="6" r="2"/><circle cx="18" cy="6" r="2" stroke-dasharray="2 2"/><circle cx="12" cy="12" r="2"/><circle cx="6" cy="18" r="2" stroke-dasharray="2 2"/><circle cx="18" cy="18" r="2"/>',
  'kind-softmax-output': '<path d="M5 20v-5M10 20V8M15 20v-8M20 20V4"/>',
  'kind-sigmoid-output': '<path d="M3 18h3.5c5 0 6-12 11-12H21"/><path d="M3 12h18" opacity=".35"/>',
  'kind-linear-output': '<path d="M4 20 20 4"/><path d="M4 4v16h16" opacity=".45"/>',
  'kind-loss': '<circle cx="12" cy="12" r="8.5"/><circle cx="12" cy="12" r="4.5"/><circle cx="12" cy="12" r="1"/>',
} as const;

export type IconName = keyof typeof iconPaths;
