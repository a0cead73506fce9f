import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'run-until-complete',
  number: 16,
  section: 'loop-input',
  title: { zh: '传入loop的方法 · 直接传入协程', en: 'Passing work to the loop · Passing a coroutine directly' },
  notes: {
    zh: 'asyncio的组件\n\n• event_loop 事件循环:\n程序开启一个无限的循环,程序员会把一些函数注册到事件循环上。当满足事件发生的时候,调用相应的协程函数。\n• coroutine 协程:\n协程对象,指一个使用async关键字定义的函数,它的调用不会立即执行函数,而是会返回一个协程对象。协程对象需要注册到事件循环,由事件循环调用。\n• task 任务:\n一个协程对象就是一个原生可以挂起的函数,任务则是对协程进一步封装,其中包含任务的各种状态。\n• future:\n代表将来执行或没有执行的任务的结果。它和task上没有本质的区别\n(task对象是Future类的子类)\n• async/await 关键字:\npython3.5 用于定义协程的关键字,async定义一个协程,await用于挂起阻塞的异步调用接口。',
    en: "asyncio's components\n\n• event_loop, the event loop:\nthe program starts an endless loop, and the programmer registers functions on it. When the awaited events happen, the matching coroutine functions are called.\n• coroutine:\na coroutine object; a function defined with the async keyword does not run when called but returns a coroutine object. Coroutine objects must be registered with the event loop, which calls them.\n• task:\na coroutine object is a natively suspendable function; a task wraps a coroutine further and holds the task's states.\n• future:\nstands for the result of a task that will run or has not run. It is not essentially different from a task\n(Task is a subclass of Future).\n• async/await keywords:\nthe keywords Python 3.5 uses to define coroutines: async defines a coroutine, await suspends on a blocking asynchronous call.",
  },
  lookFor: {
    zh: '只打印 write：read() 从没被调用，write() 是在 run_until_complete 把它包成 Task 之后才开始运行（协程是惰性的）。主线程下方出现一条 Task-1 子行。',
    en: 'Only write is printed: read() is never called, and write() starts only once run_until_complete wraps it in a Task (coroutines are lazy). A Task-1 sub-lane appears under MainThread.',
  },
  differences: {
    zh: '原文片段的两个协程都是 pass，为了能看到效果各加了一行 print。在 Python 3.12+ 中，没有运行中的事件循环时调用 asyncio.get_event_loop() 会发出 DeprecationWarning（3.14 起直接报错），新代码应使用 asyncio.run()；这里和旧版一样，在主线程里首次调用时创建事件循环。',
    en: "Both coroutines of the fragment are pass; one print each is added so something shows. Since Python 3.12, asyncio.get_event_loop() without a running loop emits a DeprecationWarning (3.14 raises), and new code uses asyncio.run(); here, as in older Pythons, the first call in the main thread creates the loop.",
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
