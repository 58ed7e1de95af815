// Folder-level cycles: collapse dependency-cruiser's module graph to the top-level units of one
// source root (a folder such as `tasks`, or a top-level file such as `app.module.ts`) and find the
// strongly connected components with more than one unit. dependency-cruiser's own `circular` rule
// works on modules, so `tasks/a.ts → documents/b.ts → tasks/c.ts` is no cycle to it; here it is.

/**
 * The top-level unit of `source` under `root` (`apps/api/src/tasks/dto/x.ts` → `tasks`,
 * `apps/api/src/main.ts` → `main.ts`), or null when `source` lies outside `root`.
 * @param {string} source
 * @param {string} root a folder path ending in `/`
 * @returns {string | null}
 */
export function unitOf(source, root) {
  if (!source || !source.startsWith(root)) return null;
  const rest = source.slice(root.length);
  const slash = rest.indexOf('/');
  return slash === -1 ? rest : rest.slice(0, slash);
}

/**
 * The unit graph: for every unit, the units it imports (type-only imports included, since
 * dependency-cruiser reports them), each with one example import to show a reader.
 * @param {Array<{ source: string, dependencies: Array<{ resolved: string }> }>} modules
 * @param {string} root
 * @returns {Map<string, Map<string, string>>} unit → (imported unit → "a.ts → b.ts")
 */
export function unitGraph(modules, root) {
  /** @type {Map<string, Map<string, string>>} */
  const graph = new Map();
  for (const module of modules) {
    const from = unitOf(module.source, root);
    if (from === null) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    for (const dependency of module.dependencies ?? []) {
      const to = unitOf(dependency.resolved, root);
      if (to === null || to === from) continue;
      const edges = graph.get(from);
      if (!edges.has(to)) edges.set(to, `${module.source} → ${dependency.resolved}`);
      if (!graph.has(to)) graph.set(to, new Map());
    }
  }
  return graph;
}

/**
 * Tarjan's strongly connected components, iterative (no recursion limit), in a stable order.
 * @param {Map<string, Iterable<string>>} graph node → successors
 * @returns {string[][]} components with more than one node, each sorted, sorted by first node
 */
export function cyclicComponents(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let next = 0;
  const nodes = [...graph.keys()].sort();
  const successors = (node) => [...(graph.get(node) ?? [])].sort();

  for (const start of nodes) {
    if (index.has(start)) continue;
    const work = [{ node: start, children: successors(start), at: 0 }];
    index.set(start, next);
    low.set(start, next);
    next += 1;
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.at < frame.children.length) {
        const child = frame.children[frame.at];
        frame.at += 1;
        if (!index.has(child)) {
          index.set(child, next);
          low.set(child, next);
          next += 1;
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, children: successors(child), at: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(child)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * The cycles between the top-level units of `root`, each with the imports to look at: those that
 * do not point down the layer order given by `rank` (a cycle always has at least one), or every
 * import inside the cycle when no `rank` is given.
 * @param {Array<{ source: string, dependencies: Array<{ resolved: string }> }>} modules
 * @param {string} root
 * @param {(unit: string) => number | undefined} [rank] layer of a unit, lower imports nothing higher
 * @returns {Array<{ units: string[], imports: string[] }>}
 */
export function folderCycles(modules, root, rank) {
  const graph = unitGraph(modules, root);
  const plain = new Map([...graph].map(([unit, edges]) => [unit, [...edges.keys()]]));
  const pointsDown = (from, to) =>
    rank !== undefined &&
    rank(from) !== undefined &&
    rank(to) !== undefined &&
    rank(to) < rank(from);
  return cyclicComponents(plain).map((units) => {
    const members = new Set(units);
    const imports = units.flatMap((unit) =>
      [...graph.get(unit)]
        .filter(([to]) => members.has(to) && !pointsDown(unit, to))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([to, example]) => `${unit} → ${to} (e.g. ${example})`),
    );
    return { units, imports };
  });
}
