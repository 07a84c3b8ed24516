import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from './common/project-root.js';

/**
 * The feature folders depend on each other in one direction, and changes reach whoever cares through the domain-event
 * stream (docs/decisions.md). This reads the import statements under src/ and fails on a cycle between folders and on
 * a cycle among the Nest modules' `imports`.
 *
 * Two kinds of imports do not count. Entity files (`*.entity.ts`): TypeORM relations point both ways by nature (a
 * reservation has a room, a room has reservations), and sharing the mapped tables is not calling another feature.
 * `import type` (and imports whose every name is a type): types vanish at runtime, so they tie nothing together.
 * `src/database/` is wiring, like `app.module.ts`: its entity list, migrations and demo seed touch every feature.
 */
const SRC = join(PROJECT_ROOT, 'src');
const WIRING = new Set(['database']);
/** Each may import only from the folders before it (and from the shared ones); folders not listed only may not form a cycle. */
const LAYERS = ['accounts', 'venues', 'rooms', 'reservations', 'events', 'registrations', 'check-in', 'calendar', 'notifications', 'webhooks', 'reports'];
const SHARED = new Set(['common', 'database', 'domain-events', 'i18n']);

interface ImportEdge { from: string; to: string; typeOnly: boolean }

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    return node.isTypeOnly || (!!node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0
      && node.exportClause.elements.every((e) => e.isTypeOnly));
  }
  const clause = node.importClause;
  if (!clause) return false; // `import './x.js'` runs the file
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function importsOf(file: string): ImportEdge[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const edges: ImportEdge[] = [];
  for (const node of source.statements) {
    if (!(ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) || !node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) continue;
    const spec = node.moduleSpecifier.text;
    if (!spec.startsWith('.')) continue;
    edges.push({ from: file, to: resolve(dirname(file), spec.replace(/\.js$/, '.ts')), typeOnly: isTypeOnly(node) });
  }
  return edges;
}

/** `src/venues/venues.service.ts` → `venues`; files directly under src/ (the app's wiring) belong to no folder. */
const folderOf = (file: string): string | null => {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 && !parts[0].startsWith('..') ? parts[0] : null;
};

/** Runtime imports between different folders: folder → folder → one example import, for the failure message. */
export function folderGraph(files: string[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of files) {
    for (const edge of importsOf(file)) {
      const [from, to] = [folderOf(edge.from), folderOf(edge.to)];
      if (!from || !to || from === to || WIRING.has(from) || WIRING.has(to)) continue;
      if (edge.typeOnly || edge.to.endsWith('.entity.ts')) continue;
      const targets = graph.get(from) ?? new Map<string, string>();
      if (!targets.has(to)) targets.set(to, `${relative(SRC, edge.from)} → ${relative(SRC, edge.to)}`);
      graph.set(from, targets);
    }
  }
  return graph;
}

/** Every elementary cycle's representative: for each strongly connected component of more than one node, one cycle through it. */
export function findCycles(graph: Map<string, Iterable<string>>): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((t) => [...t])])].sort();
  for (const start of nodes) {
    // The shortest path from start back to itself (breadth first), if there is one.
    const previous = new Map<string, string>();
    const queue = [...(graph.get(start) ?? [])].map((n) => { if (!previous.has(n)) previous.set(n, start); return n; });
    let found = false;
    while (queue.length && !found) {
      const node = queue.shift()!;
      if (node === start) { found = true; break; }
      for (const next of graph.get(node) ?? []) {
        if (previous.has(next)) continue;
        previous.set(next, node);
        queue.push(next);
      }
    }
    if (!found) continue;
    const path = [start];
    for (let node = previous.get(start)!; node !== start; node = previous.get(node)!) path.unshift(node);
    path.unshift(start);
    const key = [...path.slice(1)].sort().join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    cycles.push(path);
  }
  return cycles;
}

/** `@Module({ imports: [...] })` edges: module class → imported module classes (module class names are unique here). */
export function moduleGraph(files: string[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('@Module(')) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node, owner: string | null): void => {
      if (ts.isClassDeclaration(node) && node.name) owner = node.name.text;
      if (owner && ts.isPropertyAssignment(node) && node.name.getText(source) === 'imports' && ts.isArrayLiteralExpression(node.initializer)) {
        for (const el of node.initializer.elements) {
          // `forwardRef(() => XModule)` is a cycle admitted, not avoided: it counts.
          const names = el.getText(source).match(/\b[A-Z]\w*Module\b/g) ?? [];
          for (const name of names) {
            const targets = graph.get(owner) ?? new Set<string>();
            targets.add(name);
            graph.set(owner, targets);
          }
        }
      }
      ts.forEachChild(node, (child) => visit(child, owner));
    };
    visit(source, null);
  }
  return graph;
}

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it('has no import cycle between folders (runtime imports; entity files and types aside)', () => {
    const graph = folderGraph(files);
    const cycles = findCycles(new Map([...graph].map(([from, to]) => [from, [...to.keys()]])));
    const explain = cycles.map((cycle) => cycle.slice(0, -1).map((from, i) => `  ${from} → ${cycle[i + 1]}: ${graph.get(from)!.get(cycle[i + 1])}`).join('\n'));
    expect(explain).toEqual([]);
  });

  it('keeps the feature layers in order: each folder imports only from those before it and the shared ones', () => {
    const graph = folderGraph(files);
    const wrong: string[] = [];
    for (const [from, targets] of graph) {
      for (const [to, example] of targets) {
        if (SHARED.has(to)) continue;
        const [a, b] = [LAYERS.indexOf(from), LAYERS.indexOf(to)];
        if (SHARED.has(from) || (a >= 0 && b >= 0 && b > a)) wrong.push(`${from} → ${to}: ${example}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no cycle among the Nest modules\' imports', () => {
    const cycles = findCycles(moduleGraph(files));
    expect(cycles.map((c) => c.join(' → '))).toEqual([]);
  });

  it('reads a cycle among modules\' imports, forwardRef included (the checker itself)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rk-arch-'));
    try {
      writeFileSync(join(dir, 'a.module.ts'), "import { BModule } from './b.module.js';\n@Module({ imports: [BModule], providers: [] })\nexport class AModule {}\n");
      writeFileSync(join(dir, 'b.module.ts'), "import { AModule } from './a.module.js';\n@Module({ imports: [forwardRef(() => AModule)] })\nexport class BModule {}\n");
      expect(findCycles(moduleGraph([join(dir, 'a.module.ts'), join(dir, 'b.module.ts')]))).toEqual([['AModule', 'BModule', 'AModule']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds a cycle when there is one (the checker itself)', () => {
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']]]))).toEqual([]);
  });
});
