import * as asyncio from 'asyncio';
import * as time from 'time';
import { Thread } from 'threading';

function start_loop(loop: asyncio.AbstractEventLoop) {
  asyncio.set_event_loop(loop);
  loop.run_forever();
}

function more_work(x: number) {
  print(`More work ${x}`);
  time.sleep(x);
  print(`Finished more work ${x}`);
}

const start = time.time();
const new_loop = asyncio.new_event_loop();
const t = new Thread({ target: start_loop, args: [new_loop] });
t.start();
print(`TIME: ${time.time() - start}`);

// more_work crosses to the loop's thread, so it must be a module-level function (it is).
new_loop.call_soon_threadsafe(more_work, 6);
new_loop.call_soon_threadsafe(more_work, 3);

// TIME: 0.0019989013671875
// More work 6
// Finished more work 6
// More work 3
// Finished more work 3
