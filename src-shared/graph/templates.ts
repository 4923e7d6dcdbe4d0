/**
 * Starting designs from the course, each a tidy left-to-right chain. Each is built through the
 * same edit functions the canvas uses, so a template is always a document the editor could make.
 */
import { emptyGraphDoc, type GraphDoc, type NodeKind } from './doc';
import { addNode, connect } from './edit';
import { autoLayout } from './layout';

export interface DesignTemplate {
  /** Stable key: menus, tests and the CLI name templates by it. */
  id: string;
  name: string;
  description: string;
  doc: GraphDoc;
}

type Step = [NodeKind, Record<string, unknown>?];

/** A chain of nodes, each connected to the next, laid out left to right. */
export function chainDoc(steps: readonly Step[]): GraphDoc {
  let doc = emptyGraphDoc();
  let previous: string | null = null;
  for (const [kind, params] of steps) {
    const added = addNode(doc, kind, { x: 0, y: 0 }, params);
    if (!added.ok) throw new Error(`template step ${kind}: ${added.reason}`);
    doc = added.doc;
    if (previous) {
      const joined = connect(doc, previous, added.id);
      if (!joined.ok) throw new Error(`template edge ${previous} → ${added.id}: ${joined.reason}`);
      doc = joined.doc;
    }
    previous = added.id;
  }
  return autoLayout(doc);
}

const hidden = (units: number, fn: string): Step[] => [['dense', { units }], ['activation', { fn }]];

export const designTemplates: readonly DesignTemplate[] = [
  {
    id: 'logistic-regression',
    name: 'Logistic regression',
    description: 'The smallest classifier: one sigmoid unit on 2 features, ŷ = σ(w·x + b), trained with binary cross-entropy. 3 parameters.',
    doc: chainDoc([['input', { size: 2 }], ['dense', { units: 1 }], ['sigmoid-output'], ['loss', { fn: 'binary-crossentropy' }]]),
  },
  {
    id: 'three-layer',
    name: '3-layer network (2 → 10 → 5 → 1)',
    description: "The course's network: two ReLU hidden layers of 10 and 5 units and a sigmoid output for binary labels. 91 parameters.",
    doc: chainDoc([['input', { size: 2 }], ...hidden(10, 'relu'), ...hidden(5, 'relu'), ['dense', { units: 1 }], ['sigmoid-output'], ['loss', { fn: 'binary-crossentropy' }]]),
  },
  {
    id: 'deep-narrow',
    name: 'Deep narrow network (for initialization)',
    description:
      'Five tanh layers of 10 units: deep enough that a poor initialization makes activations vanish or explode. Compare zeros, random ×10 and Xavier/He. 481 parameters.',
    doc: chainDoc([
      ['input', { size: 2 }],
      ...hidden(10, 'tanh'),
      ...hidden(10, 'tanh'),
      ...hidden(10, 'tanh'),
      ...hidden(10, 'tanh'),
      ...hidden(10, 'tanh'),
      ['dense', { units: 1 }],
      ['sigmoid-output'],
      ['loss', { fn: 'binary-crossentropy' }],
    ]),
  },
  {
    id: 'mnist',
    name: 'MNIST digits (784 → 128 → 64 → 10)',
    description: 'A softmax classifier for 28×28 handwritten digits: two ReLU hidden layers, 10 output classes, categorical cross-entropy. 109,386 parameters.',
    doc: chainDoc([['input', { size: 784 }], ...hidden(128, 'relu'), ...hidden(64, 'relu'), ['dense', { units: 10 }], ['softmax-output'], ['loss', { fn: 'categorical-crossentropy' }]]),
  },
  {
    id: 'batchnorm-dropout',
    name: 'Batch norm and dropout',
    description:
      'Two hidden layers, each Dense → Batch norm → ReLU → Dropout (keep 0.8); the Dense biases are dropped because batch norm’s β takes their place. 689 parameters.',
    doc: chainDoc([
      ['input', { size: 2 }],
      ['dense', { units: 32 }],
      ['batchnorm'],
      ['activation', { fn: 'relu' }],
      ['dropout', { keepProb: 0.8 }],
      ['dense', { units: 16 }],
      ['batchnorm'],
      ['activation', { fn: 'relu' }],
      ['dropout', { keepProb: 0.8 }],
      ['dense', { units: 1 }],
      ['sigmoid-output'],
      ['loss', { fn: 'binary-crossentropy' }],
    ]),
  },
];

/** Templates are shared; freezing them turns an accidental edit into an error instead of a changed template. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
designTemplates.forEach(deepFreeze);

export function templateById(id: string): DesignTemplate | undefined {
  return designTemplates.find((t) => t.id === id);
}

/** A fresh copy of a template's document, the caller's to edit. */
export function instantiateTemplate(id: string): GraphDoc | null {
  const template = templateById(id);
  return template ? (JSON.parse(JSON.stringify(template.doc)) as GraphDoc) : null;
}
