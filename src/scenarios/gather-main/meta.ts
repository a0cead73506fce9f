import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'gather-main',
  number: 24,
  section: 'task',
  title: { zh: 'loop.run_until_complete配合asyncio.gather', en: 'loop.run_until_complete with asyncio.gather' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '三个 Waiting 同时打印，约 2 秒后整个 gather 完成；结果按参数顺序：Done after 1s、2s、2s。',
    en: 'The three Waiting lines appear together; about 2 s later the whole gather is done, results in argument order: Done after 1s, 2s, 2s.',
  },
  differences: {
    zh: '原文标题是 "asyncio.get_event_looloop.run_until_completep配合asyncio.gather"（排版错乱），这里写作 loop.run_until_complete配合asyncio.gather；补全了 import 与 do_some_work。',
    en: 'The seed\'s heading is garbled ("asyncio.get_event_looloop.run_until_completep配合asyncio.gather"); it reads loop.run_until_complete with asyncio.gather here. The import and do_some_work are completed.',
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
