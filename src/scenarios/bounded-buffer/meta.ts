import type { Bilingual, Scenario } from '../types';

/** The numbers the lines `producer 1 puts 10` (verb `puts`) or `consumer 2 takes 10` (`takes`) name. */
function items(stdout: readonly string[], verb: 'puts' | 'takes'): number[] {
  const line = new RegExp(`^(?:producer|consumer) \\d+ ${verb} (-?\\d+)$`);
  return stdout.flatMap((l) => {
    const m = line.exec(l);
    return m ? [Number(m[1])] : [];
  });
}

/** The items of `a` that `b` does not account for (a multiset difference), in `a`'s order. */
function minus(a: readonly number[], b: readonly number[]): number[] {
  const left = [...b];
  return a.filter((x) => {
    const k = left.indexOf(x);
    if (k < 0) return true;
    left.splice(k, 1);
    return false;
  });
}

/**
 * Met when the consumers took as many items as the producers put, but not the same ones: an item
 * was lost on the way (a program edited to take fewer items does not count).
 */
function corrupted(stdout: readonly string[]): Bilingual | null {
  const put = items(stdout, 'puts');
  const taken = items(stdout, 'takes');
  const lost = minus(put, taken);
  const extra = minus(taken, put);
  if (put.length === 0 || taken.length !== put.length || lost.length === 0) return null;
  const list = (xs: number[]) => (xs.length > 0 ? xs.join(', ') : '—');
  return {
    zh: `缓冲区被写坏了：放进去却没人取到的是 ${list(lost)}；被取走的却是 ${list(extra)}。`,
    en: `The buffer was corrupted: put but never taken: ${list(lost)}; taken instead: ${list(extra)}.`,
  };
}

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'bounded-buffer',
  number: 44,
  section: 'thread-communication',
  title: { zh: '有界缓冲区（生产者–消费者）', en: 'Bounded buffer (producer–consumer)' },
  notes: {
    zh: '本例为新增（原文没有）：两个生产者往只有三个格子的缓冲区里放东西，两个消费者从里面取。信号量 empty 数空格子（缓冲区满了，生产者就在它上面等），信号量 full 数放好的东西（缓冲区空了，消费者就在它上面等），锁保证两个线程不会同时用同一个格子和同一个下标。只有一个生产者和一个消费者时可以不要锁；有两个生产者时就少不了它。',
    en: 'An added example (not in the tutorial): two producers put items into a buffer of three slots, and two consumers take them out. The semaphore empty counts the free slots (a producer waits on it while the buffer is full), the semaphore full counts the items (a consumer waits on it while the buffer is empty), and the lock keeps two threads from using the same slot and index at once. With one producer and one consumer the lock could go; with two producers it cannot.',
  },
  lookFor: {
    zh: '0.2 秒时缓冲区满了（11、21、12 在里面）：0.25 秒起 producer 2（Thread-2）blocked 在 Semaphore#1（empty）上，它那一行显示 3 个格子都占着；0.3 秒 consumer 1 取走 11，producer 2 才放进 22。最后打印 total taken: 96，六件东西每件都被取走一次。',
    en: 'At 0.2 s the buffer is full (11, 21 and 12 wait in it): from 0.25 s producer 2 (Thread-2) is blocked on Semaphore#1 (empty), whose row shows all 3 slots in use, until consumer 1 takes 11 at 0.3 s and producer 2 puts 22. The run prints total taken: 96: each of the six items was taken once.',
  },
  differences: {
    zh: 'Python 的列表在这里写成共享内存里的 RawArray（线程一起写的列表必须放在共享内存里），head、tail、total 放在 shared() 记录里。',
    en: "Python's list is a RawArray in shared memory here (a list the threads write together must live there), and head, tail and total are fields of a shared() record.",
  },
  modes: {
    zh: '以 GIL 模式打开：每个线程在虚拟时间上各自醒来的时刻都不同，所以每次都逐行打印 CPython 的输出。seeded 模式在试过的每个种子下也打印同样的行（sleep 把每件事都隔开了）；parallel 模式下线程在真实时钟上运行，通常也一样，但机器很忙时某个线程晚启动几十毫秒，谁取到哪件东西就可能变。在 step（单步）模式里由你决定谁走下一步：可以看到生产者 blocked 在锁上、在 empty 上的样子。',
    en: 'Opens in GIL mode: on virtual time every thread wakes at a moment of its own, so it prints CPython’s lines, line for line, every time. Seeded mode printed the same lines for every seed tried (the sleeps space the events out); parallel mode runs on the wall clock and usually does too, but on a busy machine a thread that starts tens of milliseconds late can change who takes which item. In step mode you choose who moves next, and can watch producers blocked on the lock and on empty.',
  },
  challenge: {
    goal: {
      zh: '弄坏它：删掉 producer 里的锁（using _l = lock.hold() 那一行）和它的两个 sleep，再在 step（单步）模式里让两个生产者都先读 g.tail、谁都还没写 buffer：它们会把东西放进同一个格子，有一件东西再也没人取到。消费者取到的和生产者放进去的不一样就算成功。',
      en: "Break it: remove the lock from producer (the using _l = lock.hold() line) and its two sleeps, then in step mode let both producers read g.tail before either writes buffer: they put their items into the same slot, and one item is never taken. Met when the consumers take other items than the producers put.",
    },
    check: (r) => (r.state === 'finished' ? corrupted(r.stdout) : null),
  },
  speed: 1,
  sched: 'gil',
  loopsForever: false,
};
