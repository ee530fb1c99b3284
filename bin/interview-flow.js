#!/usr/bin/env node
// Runs the compiled CLI (npm install builds it through the `prepare` script).
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    console.error('interview-flow is not built yet: run `npm install` (or `npm run build`) first.');
    process.exit(1);
  }
  throw err;
});
