/**
 * Test-only bundle of pytauri_like's own SDK (`frontend_sdk/src`), exposed as `window.sdk`
 * for e2e tests: typed errors, `timeout` and `AbortSignal` against a real app.
 */
import * as sdk from "../../../../frontend_sdk/src/index";

declare global {
  interface Window {
    sdk: typeof sdk;
  }
}

window.sdk = sdk;
