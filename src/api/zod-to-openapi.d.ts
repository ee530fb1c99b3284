// The package ships ESM as dist/index.mjs without an `exports` map, so Node's ESM loader would
// take its CommonJS build, which loads zod's CommonJS copy: schemas from our (ESM) zod would then
// lack `.openapi()`. Importing the ESM build by path keeps one zod; its types are the package's.
declare module '@asteasolutions/zod-to-openapi/dist/index.mjs' {
  export * from '@asteasolutions/zod-to-openapi';
}
