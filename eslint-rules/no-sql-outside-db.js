// @ts-check
'use strict';

// SQL lives in packages/db (repositories taking `db`/`trx` first). Activities and services call repositories; this
// rule reports anything in their files that writes SQL itself: the `sql` tag, a query-builder entry point, a value
// import of kysely or pg, or `sql` taken from @e2a/db. Type imports (`Transaction`, `Db`) stay allowed.

/** Kysely's query-builder entry points and raw execution: each starts a statement. */
const QUERY_METHODS = new Set([
  'selectFrom',
  'selectNoFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'executeQuery',
]);

/** Libraries that talk SQL directly. */
const SQL_LIBRARIES = [/^kysely(\/|$)/, /^pg(\/|$)/, /^pg-/];

const isTypeOnlyImport = (node) =>
  node.importKind === 'type' ||
  (node.specifiers.length > 0 &&
    node.specifiers.every(
      (specifier) => specifier.type === 'ImportSpecifier' && specifier.importKind === 'type',
    ));

const calleeName = (callee) =>
  callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier'
    ? callee.property.name
    : undefined;

/** `sql`, `sql.raw`, `sql.ref`, ... : the tag itself or one of its helpers. */
const isSqlTag = (node) =>
  (node.type === 'Identifier' && node.name === 'sql') ||
  (node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'sql');

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL lives in packages/db: activities and services call repositories' },
    schema: [],
    messages: {
      sqlTag: '`sql` builds SQL: move the query into a packages/db repository',
      queryBuilder: '`.{{method}}(` builds SQL: move the query into a packages/db repository',
      sqlLibrary: 'value import of {{source}}: activities and services reach Postgres through packages/db',
      sqlImport: '`sql` from @e2a/db: write the query in a packages/db repository instead',
    },
  },
  create(context) {
    return {
      ImportDeclaration(node) {
        const source = String(node.source.value);
        if (SQL_LIBRARIES.some((pattern) => pattern.test(source)) && !isTypeOnlyImport(node)) {
          context.report({ node, messageId: 'sqlLibrary', data: { source } });
        }
        if (source === '@e2a/db' && node.importKind !== 'type') {
          for (const specifier of node.specifiers) {
            if (
              specifier.type === 'ImportSpecifier' &&
              specifier.importKind !== 'type' &&
              specifier.imported.type === 'Identifier' &&
              specifier.imported.name === 'sql'
            ) {
              context.report({ node: specifier, messageId: 'sqlImport' });
            }
          }
        }
      },
      TaggedTemplateExpression(node) {
        if (isSqlTag(node.tag)) context.report({ node, messageId: 'sqlTag' });
      },
      CallExpression(node) {
        const method = calleeName(node.callee);
        if (method && QUERY_METHODS.has(method)) {
          context.report({ node, messageId: 'queryBuilder', data: { method } });
        } else if (node.callee.type === 'MemberExpression' && isSqlTag(node.callee)) {
          context.report({ node, messageId: 'sqlTag' });
        }
      },
    };
  },
};
