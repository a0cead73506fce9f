import * as asyncio from 'asyncio';

async function read() {
  print('read');
}
async function write() {
  print('write');
}

const loop = asyncio.get_event_loop();
loop.run_until_complete(write());
