import * as asyncio from 'asyncio';

async function coro1() {
  print('coro1');
}
async function coro2() {
  print('coro2');
}

const loop = asyncio.get_event_loop();
// Python 3.11+ no longer lets asyncio.wait take bare coroutines: each is wrapped in a Task
// with ensure_future first (what asyncio.wait used to do itself).
loop.run_until_complete(asyncio.wait([
  asyncio.ensure_future(coro1()),
  asyncio.ensure_future(coro2()),
]));
