/**
 * The spine flow (tests/e2e/support/spine-flow.ts) against the built extension, dist/chrome or
 * dist/firefox: capture from document_start in every frame, every connection and message in the
 * panel exactly as the server logged it.
 */
import { browserUnderTestName, launchBrowserUnderTest } from './harness/browsers';
import { describeSpine } from './support/spine-flow';

describeSpine(`spine (${browserUnderTestName()})`, () => launchBrowserUnderTest());
