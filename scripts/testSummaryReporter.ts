// Node test-runner reporter that ends the run with the line "N passed, N failed" (what CI reads).
import type { TestEvent } from 'node:test/reporters';

export default async function* summaryReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    // Count leaf tests only: a suite passes or fails through its tests.
    if (event.type === 'test:pass' && event.data.details.type !== 'suite') {
      if (event.data.skip || event.data.todo) skipped += 1;
      else passed += 1;
    } else if (event.type === 'test:fail' && event.data.details.type !== 'suite') {
      failed += 1;
    }
  }
  yield `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
}
