// Loaded by mocha before any test file (see .mocharc.json).
// Pulumi's mock runtime must be active before a component registers a resource:
// tests that construct components call `useMocks()` from ./pulumi-mocks first.
process.env.PULUMI_SKIP_UPDATE_CHECK = "true";
