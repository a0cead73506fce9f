import * as asyncio from 'asyncio';
// (functools.partial(set_event, event) → call_later's own extra arguments: call_later(0.1, set_event, event).)


function set_event(event: asyncio.Event) {
  print('setting event in callback');
  event.set();
}


async function coro1(event: asyncio.Event) {
  print('coro1 waiting for event');
  await event.wait();
  print('coro1 triggered');
}


async function coro2(event: asyncio.Event) {
  print('coro2 waiting for event');
  await event.wait();
  print('coro2 triggered');
}


async function main(loop: asyncio.AbstractEventLoop) {
  const event = new asyncio.Event();
  // '{}'.format(False) gives 'False'; a template literal would give 'false', so the value goes
  // to print, which formats it the Python way.
  print('event start state:', event.is_set());
  loop.call_later(
    0.1, set_event, event,
  );
  // Python 3.11+ no longer lets asyncio.wait take bare coroutines: wrap each in a Task first.
  await asyncio.wait([asyncio.ensure_future(coro1(event)), asyncio.ensure_future(coro2(event))]);
  print('event end state:', event.is_set());
}


const event_loop = asyncio.get_event_loop();
try {
  event_loop.run_until_complete(main(event_loop));
} finally {
  event_loop.close();
}

// event start state: False
// coro1 waiting for event
// coro2 waiting for event
// setting event in callback
// coro1 triggered
// coro2 triggered
// event end state: True
