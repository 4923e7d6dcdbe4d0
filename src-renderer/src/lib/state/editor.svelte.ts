/**
 * The network editor's state: the document (the truth the canvas draws), its undo history, the
 * selection, the clipboard, and what follows from the document (diagnostics, shapes, the total
 * parameter count, whether it has unsaved changes). Every edit goes through here and through
 * the pure edits of @shared/graph, so each one is validated and can be undone.
 */
import {
  History,
  addNode,
  autoLayout,
  checkConnection,
  connect,
  copySelection,
  disconnect,
  duplicate,
  emptyGraphDoc,
  inferShapes,
  instantiateTemplate,
  moveKey,
  moveNodes,
  paramKey,
  pasteClipboard,
  removeNodes,
  sortDiagnostics,
  templateById,
  updateParams,
  validateGraph,
  type Diagnostic,
  type GraphDoc,
  type GraphNode,
  type NodeKind,
  type Position,
  type ShapeReport,
} from '@shared/graph';
import { arrangeForCanvas, arrangeGrid } from './arrange';
import { emptySelection, pruneSelection, sameSelection, type Selection } from './selection';

/** A refused edit, shown to the person until their next action. */
export interface Refusal {
  message: string;
  /** Where it happened on screen (client coordinates), when a pointer gesture caused it. */
  at: Position | null;
}

/** The canvas, as far as edits need it: where new nodes go and what a layout should fit. */
export interface Viewport {
  /** The centre of the visible canvas, in flow coordinates. */
  centre(): Position;
  /** The canvas size in pixels. */
  size(): { width: number; height: number };
}

export interface EditorOptions {
  /** Called after the document, its name or its saved state changes (autosave listens here). */
  onChange?: (editor: EditorState) => void;
  historyLimit?: number;
}

/** The size a node card is laid out at, so a node added "at" a point is centred on it. */
export const cardSize = { width: 216, height: 80 } as const;
/** How far successive pastes and duplicates land from their originals. */
export const pasteStep = 32;

const fieldKey = (nodeId: string, field: string) => `${nodeId}\u0000${field}`;
const round = (p: Position): Position => ({ x: Math.round(p.x), y: Math.round(p.y) });

export class EditorState {
  doc = $state.raw<GraphDoc>(emptyGraphDoc());
  selection = $state.raw<Selection>(emptySelection);
  /** The saved design this document is (null: never saved, "Untitled design"). */
  fileName = $state<string | null>(null);
  lastRefusal = $state.raw<Refusal | null>(null);
  /** Parameter values the inspector refused, by node and field: the message to show beside the field. */
  fieldErrors = $state.raw<Readonly<Record<string, string>>>({});
  hasClipboard = $state(false);
  /** Counts documents opened (new, load): the canvas fits its view to each one. */
  openCount = $state(0);
  /** What the canvas shows; the canvas replaces this once it is mounted. */
  viewport: Viewport = { centre: () => ({ x: 0, y: 0 }), size: () => ({ width: 1200, height: 800 }) };

  /** The document as last saved or opened; null when it has never been saved (an import, a restore). */
  #savedDoc = $state.raw<GraphDoc | null>(this.doc);
  /** Bumped on every history change, so canUndo/canRedo recompute. */
  #historyVersion = $state(0);
  readonly #history: History;
  readonly #onChange: (editor: EditorState) => void;
  #clipboard: string | null = null;
  #pasteCount = 0;

  readonly diagnostics: Diagnostic[] = $derived(sortDiagnostics(validateGraph(this.doc)));
  readonly shapes: ShapeReport = $derived(inferShapes(this.doc));
  readonly totalParams: number = $derived(this.shapes.totalParams);
  readonly dirty: boolean = $derived(this.doc !== this.#savedDoc);
  readonly canUndo: boolean = $derived.by(() => {
    void this.#historyVersion; // History is a plain class: this is what tells Svelte it changed
    return this.#history.canUndo;
  });
  readonly canRedo: boolean = $derived.by(() => {
    void this.#historyVersion;
    return this.#history.canRedo;
  });
  readonly title: string = $derived(this.fileName ?? 'Untitled design');
  readonly selectedNodes: GraphNode[] = $derived.by(() => {
    const ids = this.selection.nodes;
    return this.doc.nodes.filter((n) => ids.includes(n.id));
  });

  constructor(options: EditorOptions = {}) {
    this.#history = new History(this.doc, options.historyLimit === undefined ? {} : { limit: options.historyLimit });
    this.#onChange = options.onChange ?? (() => {});
  }

  // ——— document lifecycle (not undoable: they change which document is open) ———

  /** A new, empty, untitled design. */
  newDesign(): void {
    this.#open(emptyGraphDoc(), null, true);
  }

  /** Opens a document; `saved` says whether it matches a saved design (false for imports and restores). */
  load(doc: GraphDoc, name: string | null, saved = true): void {
    this.#open(doc, name, saved);
  }

  /** Records that `doc` (the document when the save began) was saved as `name`. */
  markSaved(name: string, doc: GraphDoc = this.doc): void {
    this.fileName = name;
    this.#savedDoc = doc;
    this.#onChange(this);
  }

  // ——— edits (each one undoable) ———

  /** Adds a node centred on `centre` (flow coordinates), selects it and returns its id. */
  addNode(kind: NodeKind, centre: Position): string | null {
    const result = addNode(this.doc, kind, round({ x: centre.x - cardSize.width / 2, y: centre.y - cardSize.height / 2 }));
    if (!result.ok) {
      this.#refuse(result.reason);
      return null;
    }
    this.#commit(result.doc);
    this.selection = { nodes: [result.id], edges: [] };
    return result.id;
  }

  /** Adds a node in the middle of the view, stepping aside from any node already sitting exactly there. */
  addNodeAtCentre(kind: NodeKind): string | null {
    const centre = this.viewport.centre();
    let at = centre;
    for (let i = 1; i < 50; i++) {
      const corner = round({ x: at.x - cardSize.width / 2, y: at.y - cardSize.height / 2 });
      if (!this.doc.nodes.some((n) => n.position.x === corner.x && n.position.y === corner.y)) break;
      at = { x: centre.x + i * pasteStep, y: centre.y + i * pasteStep };
    }
    return this.addNode(kind, at);
  }

  deleteSelection(): boolean {
    const { nodes, edges } = this.selection;
    if (nodes.length === 0 && edges.length === 0) return false;
    let doc = nodes.length ? removeNodes(this.doc, nodes) : this.doc;
    for (const id of edges) if (doc.edges.some((e) => e.id === id)) doc = disconnect(doc, id);
    this.#commit(doc);
    this.selection = emptySelection;
    return true;
  }

  /** Whether a connection would be accepted (asked while a connection is being dragged). */
  canConnect(source: string, target: string): boolean {
    return checkConnection(this.doc, source, target).ok;
  }

  /** Connects `source`'s output to `target`'s input, or records why not (shown near `at`). */
  connect(source: string, target: string, at: Position | null = null): boolean {
    const result = connect(this.doc, source, target);
    if (!result.ok) {
      this.#refuse(result.reason, at);
      return false;
    }
    this.#commit(result.doc);
    return true;
  }

  disconnect(edgeId: string): void {
    this.#commit(disconnect(this.doc, edgeId));
  }

  /**
   * Sets one parameter if the node's schema accepts it; otherwise records the field's error and
   * leaves the document alone. Successive edits of the same field are one undo step.
   */
  updateParam(nodeId: string, field: string, value: number | string | boolean): boolean {
    const result = updateParams(this.doc, nodeId, { [field]: value });
    const key = fieldKey(nodeId, field);
    if (!result.ok) {
      const issue = result.issues?.find((i) => i.field === field) ?? result.issues?.[0];
      this.fieldErrors = { ...this.fieldErrors, [key]: issue?.message ?? result.reason };
      return false;
    }
    this.clearFieldError(nodeId, field);
    this.#commit(result.doc, paramKey(nodeId, field));
    return true;
  }

  /** Records a value the inspector could not even read (not a number, say) against its field. */
  rejectParam(nodeId: string, field: string, message: string): void {
    this.fieldErrors = { ...this.fieldErrors, [fieldKey(nodeId, field)]: message };
  }

  fieldError(nodeId: string, field: string): string | null {
    return this.fieldErrors[fieldKey(nodeId, field)] ?? null;
  }

  clearFieldError(nodeId: string, field: string): void {
    const key = fieldKey(nodeId, field);
    if (!(key in this.fieldErrors)) return;
    const { [key]: _dropped, ...rest } = this.fieldErrors;
    this.fieldErrors = rest;
  }

  /**
   * Moves nodes. A finished drag is one undo step; keyboard nudges of the same nodes in a row
   * (`nudge`) coalesce into one.
   */
  moveNodes(positions: Readonly<Record<string, Position>>, nudge = false): void {
    const key = nudge ? moveKey(Object.keys(positions)) : undefined;
    this.#commit(moveNodes(this.doc, positions), key);
    if (!nudge) this.#history.seal();
  }

  /** Lays the network out in order, wrapped to fit the canvas; one undo step. */
  autoLayout(): void {
    this.#commit(this.#arranged(autoLayout(this.doc)));
  }

  /** Replaces the document's contents with a template (undoable, so nothing is lost). */
  loadTemplate(id: string): boolean {
    const doc = instantiateTemplate(id);
    if (!doc) {
      this.#refuse(`There is no template "${id}".`);
      return false;
    }
    this.#commit(this.#arranged(doc));
    this.selection = emptySelection;
    return true;
  }

  templateName(id: string): string | null {
    return templateById(id)?.name ?? null;
  }

  copy(): boolean {
    if (this.selection.nodes.length === 0) return false;
    this.#clipboard = copySelection(this.doc, this.selection.nodes);
    this.#pasteCount = 0;
    this.hasClipboard = true;
    return true;
  }

  /** Pastes the copied nodes, each paste a step further from the originals, and selects them. */
  paste(): string[] {
    if (this.#clipboard === null) return [];
    const step = pasteStep * (this.#pasteCount + 1);
    const result = pasteClipboard(this.doc, this.#clipboard, { x: step, y: step });
    if (!result.ok) {
      this.#refuse(result.reason);
      return [];
    }
    this.#pasteCount++;
    this.#commit(result.doc);
    this.selection = { nodes: result.ids, edges: [] };
    return result.ids;
  }

  duplicateSelection(): string[] {
    if (this.selection.nodes.length === 0) return [];
    const result = duplicate(this.doc, this.selection.nodes, { x: pasteStep, y: pasteStep });
    if (!result.ok) {
      this.#refuse(result.reason);
      return [];
    }
    this.#commit(result.doc);
    this.selection = { nodes: result.ids, edges: [] };
    return result.ids;
  }

  undo(): boolean {
    const doc = this.#history.undo();
    if (!doc) return false;
    this.#show(doc);
    return true;
  }

  redo(): boolean {
    const doc = this.#history.redo();
    if (!doc) return false;
    this.#show(doc);
    return true;
  }

  /** Ends coalescing: the next edit starts a new undo step (a field lost focus, say). */
  sealHistory(): void {
    this.#history.seal();
  }

  // ——— selection and messages ———

  select(selection: Selection): void {
    const next = pruneSelection(selection, this.doc);
    if (!sameSelection(next, this.selection)) this.selection = next;
  }

  selectAll(): void {
    this.select({ nodes: this.doc.nodes.map((n) => n.id), edges: this.doc.edges.map((e) => e.id) });
  }

  refuse(message: string, at: Position | null = null): void {
    this.#refuse(message, at);
  }

  dismissRefusal(): void {
    this.lastRefusal = null;
  }

  // ——— internals ———

  #arranged(doc: GraphDoc): GraphDoc {
    return arrangeForCanvas(doc, { ...this.viewport.size(), ...arrangeGrid });
  }

  #refuse(message: string, at: Position | null = null): void {
    this.lastRefusal = { message, at };
  }

  #commit(doc: GraphDoc, coalesceKey?: string): void {
    this.lastRefusal = null;
    if (doc === this.doc) return;
    this.#history.push(doc, coalesceKey);
    this.#historyVersion++;
    this.#setDoc(doc);
  }

  #show(doc: GraphDoc): void {
    this.#historyVersion++;
    this.lastRefusal = null;
    this.fieldErrors = {};
    this.#setDoc(doc);
  }

  #open(doc: GraphDoc, name: string | null, saved: boolean): void {
    this.#history.reset(doc);
    this.#historyVersion++;
    this.openCount++;
    this.fileName = name;
    this.#savedDoc = saved ? doc : null;
    this.selection = emptySelection;
    this.lastRefusal = null;
    this.fieldErrors = {};
    this.#setDoc(doc);
  }

  #setDoc(doc: GraphDoc): void {
    this.doc = doc;
    this.selection = pruneSelection(this.selection, doc);
    this.#onChange(this);
  }
}
