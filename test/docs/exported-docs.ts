/**
 * Every name the package exports, with its doc comment: read with the TypeScript compiler from
 * the entry points, following re-exports to the declaration.
 */
import ts from 'typescript';
import { fileURLToPath } from 'node:url';

export const ENTRY_POINTS = ['index', 'segmentation/index', 'prioritisation/index', 'finance/index', 'bcf/index'] as const;

export interface ExportedName {
  readonly entry: string;
  readonly name: string;
  readonly kind: string;
  readonly file: string;
  readonly documented: boolean;
  readonly hasExample: boolean;
}

export function exportedNames(): ExportedName[] {
  const root = fileURLToPath(new URL('../../src/', import.meta.url));
  const files = ENTRY_POINTS.map((e) => `${root}${e}.ts`);
  const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const out: ExportedName[] = [];
  ENTRY_POINTS.forEach((entry, i) => {
    const source = program.getSourceFile(files[i] as string);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) throw new Error(`No module for ${entry}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      const docs = symbol.getDocumentationComment(checker);
      const tags = symbol.getJsDocTags(checker);
      out.push({
        entry,
        name: exported.name,
        kind: declaration === undefined ? 'unknown' : ts.SyntaxKind[declaration.kind],
        file: declaration?.getSourceFile().fileName.replace(root, 'src/') ?? '?',
        documented: ts.displayPartsToString(docs).trim().length > 0,
        hasExample: tags.some((t) => t.name === 'example'),
      });
    }
  });
  return out;
}
