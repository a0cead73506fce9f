/**
 * Every UI string, in Chinese and English. The tutorial's readers are Chinese; the product is
 * shared with English-speaking teachers too, so both are first-class. What other layers say
 * (link warnings, the supervisor's run notes) reaches the page as codes and is worded here;
 * names (threads, objects, modes) and Python's own exception names stay as they are.
 */
import { MAX_SEED, SCHED_NAMES, type SchedName } from '../protocol/sched';
import { SPEED_MAX, SPEED_MIN, type LinkErrorCode, type LinkWarning } from '../share/permalink';
import { englishNote, type DeadlockWait, type RunNote } from '../supervisor/run-notes';
import type { Lang } from '../state/store';
import type { TimelineLabelKey } from '../timeline';

function linkWarningEn(w: LinkWarning): string {
  switch (w.code) {
    case 'unreadable':
      return 'The link’s options could not be read.';
    case 'example':
      return 'Ignored an invalid example id in the link.';
    case 'speed':
      return `Ignored speed “${w.value}”: it must be a number from ${SPEED_MIN} to ${SPEED_MAX}, or max.`;
    case 'sched':
      return `Ignored sched “${w.value}”: it must be one of ${SCHED_NAMES.join(', ')}; the default mode is used.`;
    case 'seed':
      return `Ignored seed “${w.value}”: it must be a whole number from 0 to ${MAX_SEED}; each Run draws a fresh seed.`;
    case 'steps':
      return `Ignored steps “${w.value}”: they are not a list of steps; the run starts from the beginning.`;
    case 'steps-mode':
      return `Ignored steps: they replay a step-mode run, and this link opens in ${w.sched} mode.`;
  }
}

function linkWarningZh(w: LinkWarning): string {
  switch (w.code) {
    case 'unreadable':
      return '无法读取链接中的选项。';
    case 'example':
      return '已忽略链接中无效的示例 id。';
    case 'speed':
      return `已忽略速度“${w.value}”：它必须是 ${SPEED_MIN} 到 ${SPEED_MAX} 之间的数字，或 max。`;
    case 'sched':
      return `已忽略调度模式“${w.value}”：它必须是 ${SCHED_NAMES.join('、')} 之一；将使用默认模式。`;
    case 'seed':
      return `已忽略种子“${w.value}”：它必须是 0 到 ${MAX_SEED} 之间的整数；每次运行都会重新抽取种子。`;
    case 'steps':
      return `已忽略步骤“${w.value}”：它不是步骤列表；运行将从头开始。`;
    case 'steps-mode':
      return `已忽略步骤：它们用于重放单步模式的运行，而这个链接以 ${w.sched} 模式打开。`;
  }
}

function waitsZh(w: DeadlockWait, line: number): string {
  const at = line ? `（第 ${line} 行）` : '';
  switch (w.kind) {
    case 'lock':
      return `在等待 ${w.obj}${w.holder ? `（由 ${w.holder} 持有）` : ''}${at}`;
    case 'join':
      return `在等待 ${w.target} 结束（join）${at}`;
    case 'join-all':
      return `在等待程序的其他线程结束${at}`;
    case 'blocked':
      return `被阻塞${at}`;
    case 'signal':
      return `在等待 ${w.obj}${at}，但没有存活的线程能唤醒它`;
  }
}

/** The supervisor's run notes (supervisor/run-notes.ts) in Chinese; English is `englishNote`. */
function runNoteZh(note: RunNote): string {
  switch (note.code) {
    case 'stopped':
      return '已停止。';
    case 'stopped-new-run':
      return '已停止：新的运行开始了。';
    case 'deadlock-cycle': {
      const parts = note.cycle.map(({ thread, wait }, k) => {
        const what = wait.kind === 'join' ? `${wait.target} 结束（join）` : `${wait.obj}（由 ${wait.holder} 持有）`;
        return k === 0 ? `${thread} 在等待 ${what}` : `后者又在等待 ${what}`;
      });
      return `死锁：${parts.join('，')}。`;
    }
    case 'deadlock': {
      const lines = note.waiters.map((w) => `${w.thread} ${waitsZh(w.wait, w.line)}`);
      return `死锁：所有线程都被阻塞，没有谁能唤醒它们：${lines.join('；')}。`;
    }
    case 'time-limit':
      return `运行时间限制：程序运行了 ${note.seconds} 秒，没有人选择“继续运行”，所以游乐场结束了它。`;
    case 'heap-limit':
      return `MemoryError: ${note.thread} 用完了本次运行的 ${note.mb} MB 共享内存（队列元素、共享值、future 和线程启动数据都存放在这里），所以游乐场结束了这次运行。`;
    case 'internal':
      return `游乐场运行时的内部错误：${note.detail}`;
  }
}

/** A step's words (`read g.n`) in Chinese: the runtime's own verbs; Python's method names stay. */
function stepOpZh(op: string): string {
  return op.replace(/^read /, '读取 ').replace(/^write /, '写入 ').replace(/^compute$/, '计算').replace(/^resume$/, '继续');
}

const en = {
  appTitle: 'Concurrency Playground',
  tagline: 'Python concurrency, running for real in your browser',
  run: 'Run',
  runHint: 'Run the program (Ctrl/Cmd+Enter)',
  stop: 'Stop',
  speed: 'Speed',
  speedHint:
    'Program seconds per real second: sleep(1) at 10× takes 0.1 s. max: seeded, GIL and step runs go as fast as they can (no pacing); parallel runs go at 50×.',
  speedMax: 'max',
  sched: 'Schedule',
  schedHint: 'How the run schedules its threads',
  schedModes: {
    parallel: {
      label: 'Parallel',
      hint: 'Parallel: every thread runs truly in parallel on its own Web Worker; program time is real time × speed. Each run can differ.',
    },
    seeded: {
      label: 'Seeded',
      hint: 'Seeded: one thread runs at a time, on virtual time; at each scheduling point a generator seeded with the seed decides whether to switch threads. The same code and seed give the same run.',
    },
    gil: {
      label: 'GIL',
      hint: 'GIL: deterministic, with CPython’s rules: a thread runs until it blocks, or until its 5 ms switch interval (virtual time) ends while another thread waits.',
    },
    step: {
      label: 'Step',
      hint: 'Step: deterministic; the run pauses at every scheduling point and you choose which thread takes the next step.',
    },
  },
  seed: 'Seed',
  seedPinnedHint: 'Pinned: every Run uses this seed. Click to unpin it.',
  seedFreeHint: 'The last run’s seed; each Run draws a fresh one. Click to pin it (or to pin a new one).',
  seedParallelHint: 'Parallel runs have no seed: choose Seeded, GIL or Step to use one.',
  share: 'Share',
  exportTrace: 'Export trace',
  exportTraceHint: 'Download the last run as Chrome trace-event JSON (opens in Perfetto)',
  reset: 'Reset to original',
  resetHint: 'Discard your edits and restore the example as it was opened',
  resetConfirm: 'Discard your edits to this example?',
  language: 'Language',
  more: 'More',
  examples: 'Examples',
  search: 'Search examples…',
  noMatch: 'No example matches.',
  loopsForever: 'Loops until you press Stop, as in the tutorial.',
  tabTs: 'TypeScript',
  tabPy: 'Python (original)',
  tabCode: 'Code',
  panes: 'Panes',
  noPython: 'This code has no Python original (it did not come from a built-in example).',
  notes: 'Notes',
  lookFor: 'What to look for',
  differences: 'Differences from CPython',
  modes: 'Scheduling modes',
  challenge: 'Challenge',
  challengeMet: 'met',
  challengeGiveUp: 'I give up: can it be done?',
  stepTitle: 'Step',
  stepControls: 'Step controls',
  stepIdle: 'Press Run: the run stops before each step, and you choose which thread takes it.',
  stepRunning: 'Running to the next step…',
  stepChoose: 'Who moves next?',
  stepKey: 'Key',
  stepLine: (line: number): string => `line ${line}`,
  stepBlocked: 'blocked',
  stepBack: 'Back',
  stepFinish: 'Finish',
  explore: 'Explore',
  exploreStop: 'Stop exploring',
  exploreHint:
    'Run the program over its possible schedules (step mode, choices made systematically: fewest thread switches first) and list every distinct outcome: what it printed and how it ended.',
  exploreTitle: 'Outcomes',
  exploreRunning: (runs: number) => `Exploring… ${runs.toLocaleString('en')} runs so far`,
  exploreComplete: (runs: number) => `Complete: every schedule was tried (${runs.toLocaleString('en')} runs).`,
  exploreStopped: (runs: number, bound: number | null) =>
    `Stopped at the time budget after ${runs.toLocaleString('en')} runs: not every schedule was tried${
      bound === null ? '' : `; every one with at most ${bound} preemption${bound === 1 ? '' : 's'} was`
    }.`,
  exploreFailed: (error: string) => `Nothing was explored: ${error}`,
  exploreCount: (n: number) => `${n.toLocaleString('en')} schedule${n === 1 ? '' : 's'}`,
  explorePreemptions: (n: number) => `${n} preemption${n === 1 ? '' : 's'}`,
  exploreNoOutput: '(printed nothing)',
  exploreReplay: 'Replay',
  exploreReplayHint: 'Open this schedule in step mode: the run replays it to its end',
  /** What a thread does next, as the step bar shows it (`read g.n`; runnable() keeps the English). */
  stepOp: (op: string): string => op,
  /** What the playground says about a run (deadlock, limits, Stop), from the supervisor's note. */
  runNote: englishNote,
  /** A link option that was ignored. */
  linkWarning: linkWarningEn,
  modeNotes: {
    parallel:
      'Opens in parallel mode: the threads run truly at the same time, one Web Worker each, on the wall clock, so two runs may differ. The GIL and seeded modes (the Schedule menu) run one thread at a time on virtual time and replay exactly from a link.',
    seeded:
      'Opens in seeded mode: the event loop runs on virtual time, so sleep(1) takes exactly one program second and the times it prints are exact on any machine; the same seed replays the run exactly. In parallel mode the loop reads the wall clock, and timings vary by a few milliseconds.',
    gil: 'Opens in GIL mode: one thread runs at a time under CPython’s rules (a switch when it blocks, or after its 5 ms interval), on virtual time, so sleeps and timeouts keep the shape CPython gives them on any machine, under any load; the GIL row shows who runs. Parallel mode runs the threads truly at once, on the wall clock; seeded mode switches at points its seed chooses.',
    step: 'Opens in step mode: you choose which thread takes each step.',
  } satisfies Record<SchedName, string>,
  showNotes: 'Show notes',
  hideNotes: 'Hide notes',
  timeline: 'Timeline',
  timelineLoading: 'Loading the timeline…',
  timelineFailed: 'The timeline could not be loaded.',
  console: 'Console',
  consoleEmpty: 'Press Run to see the program’s output here.',
  consoleKeys: 'Program output. Up and down arrows choose a line; Enter shows its moment on the timeline.',
  dropped: (n: number) => `${n.toLocaleString('en')} earlier lines dropped`,
  consoleFilter: 'Show',
  detectors: 'Detectors',
  detectorsHint: "Warn about data races, lock-order cycles and asyncio mistakes",
  consoleAll: 'All',
  consoleOutput: 'Output',
  consoleWarnings: (n: number) => (n > 0 ? `⚠ Warnings (${n})` : 'Warnings'),
  compileErrors: 'Compile errors (nothing ran)',
  editorLoading: 'Loading the editor… you can already edit and run here.',
  editorLabel: 'Program source (TypeScript)',
  editorTabHint: 'Tab indents; Ctrl+M (Ctrl+Shift+M on a Mac) switches Tab to moving the focus.',
  editorFailed: 'The code editor could not be loaded; this plain text area still works.',
  statusIdle: 'Ready',
  statusRunning: 'Running',
  statusFinished: 'Finished',
  statusError: 'Error',
  statusStopped: 'Stopped',
  statusDeadlock: 'Deadlock',
  statusLimit: 'Limit reached',
  isolationTitle: 'Running programs needs cross-origin isolation, which this page does not have.',
  isolationBody:
    'Threads share memory through SharedArrayBuffer, which browsers only enable when the page is served with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp. Serve the app with those headers (npm run preview does), or over https/localhost so its service worker can add them, then reload.',
  isolationReason: 'Details',
  shareTitle: 'Share this program',
  shareBody: 'Anyone who opens this link gets your code (and the example, speed, scheduling mode and seed). It does not run until they press Run.',
  copy: 'Copy link',
  copied: 'Copied',
  copyFailed: 'Copy failed: select the link and copy it yourself.',
  close: 'Close',
  longLink: (n: number) =>
    `This link is ${n.toLocaleString('en')} characters long; some chat apps and mail clients cut links over 2,000 characters.`,
  brokenLink: 'This link could not be opened',
  fallback: (id: string) => `Showing the built-in example “${id}” instead.`,
  unknownExample: (id: string) => `There is no built-in example “${id}”.`,
  linkErrors: {
    empty: 'The link contains no code.',
    garbage: 'The link’s code is not valid (it contains characters a permalink never has).',
    truncated: 'The link looks truncated or corrupted: it may have been cut when it was copied.',
    'too-large': 'The link’s code is too large to open.',
    'unknown-format': 'The part of the address after “#” is not a playground link.',
    'bad-example': 'The link names an example id that is not valid.',
  } satisfies Record<LinkErrorCode, string>,
  dismiss: 'Dismiss',
  runtimeFailed: 'The runtime could not be loaded:',
  elapsed: (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`,
  jumpHint: 'Click to show this moment on the timeline',
  resizePicker: 'Resize the examples and the code (drag, or arrow keys)',
  resizeEditor: 'Resize the code and the timeline (drag, or arrow keys)',
  resizeTimeline: 'Resize the timeline and the console (drag, or arrow keys)',
  custom: 'Your own code',
  longRun: (s: number) => `The program has been running for ${s} s.`,
  longRunEnds: (s: number) => `It will be stopped in ${s} s unless you keep it running.`,
  keepRunning: 'Keep running',
  originalNotes: 'The tutorial’s notes in Chinese',
  /** Overrides of the timeline's own strings (`DEFAULT_LABELS` in timeline/theme.ts). */
  timelineLabels: undefined as Record<string, string> | undefined,
};

export type Messages = typeof en;

const zh: Messages = {
  appTitle: '并发游乐场',
  tagline: '在浏览器里真实运行的 Python 并发',
  run: '运行',
  runHint: '运行程序（Ctrl/Cmd+Enter）',
  stop: '停止',
  speed: '速度',
  speedHint:
    '每秒真实时间对应的程序秒数：10× 时 sleep(1) 只需 0.1 秒。max：种子、GIL 和单步模式尽可能快地运行（不按真实时间放慢）；并行模式按 50× 运行。',
  speedMax: 'max',
  sched: '调度',
  schedHint: '这次运行如何调度它的线程',
  schedModes: {
    parallel: {
      label: '并行',
      hint: '并行：每个线程在自己的 Web Worker 上真正并行运行；程序时间 = 真实时间 × 速度。每次运行都可能不同。',
    },
    seeded: {
      label: '种子',
      hint: '种子：同一时刻只运行一个线程，使用虚拟时间；在每个调度点，由以种子初始化的随机数生成器决定是否切换线程。相同的代码和种子得到相同的运行。',
    },
    gil: {
      label: 'GIL',
      hint: 'GIL：确定性运行，遵循 CPython 的规则：线程一直运行，直到它阻塞，或在有其他线程等待时用完 5 毫秒的切换间隔（虚拟时间）。',
    },
    step: {
      label: '单步',
      hint: '单步：确定性运行；运行在每个调度点暂停，由你选择下一步运行哪个线程。',
    },
  },
  seed: '种子',
  seedPinnedHint: '已固定：每次运行都使用这个种子。点击取消固定。',
  seedFreeHint: '上一次运行的种子；每次运行都会重新抽取。点击固定它（若还没有则固定一个新种子）。',
  seedParallelHint: '并行运行没有种子：选择“种子”、GIL 或“单步”模式后才会使用。',
  share: '分享',
  exportTrace: '导出跟踪',
  exportTraceHint: '把上一次运行下载为 Chrome trace-event JSON（可在 Perfetto 中打开）',
  reset: '恢复原始代码',
  resetHint: '放弃修改，恢复打开时的示例代码',
  resetConfirm: '放弃对这个示例的修改吗？',
  language: '语言',
  more: '更多',
  examples: '示例',
  search: '搜索示例…',
  noMatch: '没有匹配的示例。',
  loopsForever: '与教程一样会一直循环，直到你按“停止”。',
  tabTs: 'TypeScript',
  tabPy: 'Python（原文）',
  tabCode: '代码',
  panes: '面板',
  noPython: '这段代码没有对应的 Python 原文（它不是来自内置示例）。',
  notes: '笔记',
  lookFor: '观察要点',
  differences: '与 CPython 的差异',
  modes: '调度模式',
  challenge: '挑战',
  challengeMet: '已完成',
  challengeGiveUp: '我放弃了：这能做到吗？',
  stepTitle: '单步',
  stepControls: '单步控制',
  stepIdle: '按“运行”：每一步之前运行都会停下，由你选择哪个线程执行这一步。',
  stepRunning: '正在运行到下一步…',
  stepChoose: '下一步由谁执行？',
  stepKey: '按键',
  stepLine: (line: number): string => `第 ${line} 行`,
  stepBlocked: '阻塞中',
  stepBack: '后退',
  stepFinish: '运行到底',
  explore: '探索',
  exploreStop: '停止探索',
  exploreHint: '在程序可能的各种调度下运行它（单步模式，系统地做出选择：线程切换少的先试），列出每一种不同的结果：打印了什么、如何结束。',
  exploreTitle: '所有结果',
  exploreRunning: (runs: number) => `正在探索… 已运行 ${runs} 次`,
  exploreComplete: (runs: number) => `已完成：试遍了所有调度（共运行 ${runs} 次）。`,
  exploreStopped: (runs: number, bound: number | null) =>
    `时间预算用完，运行了 ${runs} 次后停止：并非所有调度都试过${bound === null ? '' : `；抢占不超过 ${bound} 次的调度都已试过`}。`,
  exploreFailed: (error: string) => `没有进行探索：${error}`,
  exploreCount: (n: number) => `${n} 种调度`,
  explorePreemptions: (n: number) => `${n} 次抢占`,
  exploreNoOutput: '（没有输出）',
  exploreReplay: '重放',
  exploreReplayHint: '在单步模式中打开这个调度：运行会把它重放到结束',
  stepOp: stepOpZh,
  runNote: runNoteZh,
  linkWarning: linkWarningZh,
  modeNotes: {
    parallel:
      '以 parallel（并行）模式打开：线程在各自的 Web Worker 中真正同时运行，使用真实时钟，所以两次运行可能不同。GIL 和 seeded（种子）模式（“调度”菜单）一次只运行一个线程，使用虚拟时间，可以从链接精确重放。',
    seeded:
      '以 seeded（种子）模式打开：事件循环使用虚拟时间，sleep(1) 恰好是一秒程序时间，打印的时间在任何机器上都是精确的；同一个种子精确重放这次运行。parallel 模式下事件循环读取真实时钟，时间会相差几毫秒。',
    gil: '以 GIL 模式打开：按 CPython 的规则一次只运行一个线程（阻塞时或用完 5 毫秒的切换间隔时切换），使用虚拟时间，所以 sleep 和超时在任何机器、任何负载下都保持 CPython 的样子；GIL 一行显示当前由谁运行。parallel 模式让线程真正同时运行，使用真实时钟；seeded 模式在种子选定的位置切换线程。',
    step: '以 step（单步）模式打开：由你选择每一步由哪个线程执行。',
  },
  showNotes: '显示笔记',
  hideNotes: '隐藏笔记',
  timeline: '时间线',
  timelineLoading: '正在加载时间线…',
  timelineFailed: '时间线加载失败。',
  console: '控制台',
  consoleEmpty: '按“运行”后，程序的输出会显示在这里。',
  consoleKeys: '程序输出。上下方向键选择一行；按 Enter 在时间线上显示那一刻。',
  dropped: (n: number) => `已丢弃较早的 ${n.toLocaleString('zh')} 行`,
  consoleFilter: '显示',
  detectors: '检测',
  detectorsHint: '提示数据竞争、加锁顺序环和 asyncio 的常见错误',
  consoleAll: '全部',
  consoleOutput: '输出',
  consoleWarnings: (n: number) => (n > 0 ? `⚠ 警告（${n}）` : '警告'),
  compileErrors: '编译错误（程序没有运行）',
  editorLoading: '正在加载编辑器…现在已经可以在这里编辑和运行。',
  editorLabel: '程序源代码（TypeScript）',
  editorTabHint: 'Tab 键用于缩进；按 Ctrl+M（Mac 上为 Ctrl+Shift+M）后，Tab 键改为移动焦点。',
  editorFailed: '代码编辑器加载失败；这个纯文本框仍然可用。',
  statusIdle: '就绪',
  statusRunning: '运行中',
  statusFinished: '已结束',
  statusError: '出错',
  statusStopped: '已停止',
  statusDeadlock: '死锁',
  statusLimit: '达到限制',
  isolationTitle: '运行程序需要“跨源隔离”，而当前页面没有启用。',
  isolationBody:
    '线程通过 SharedArrayBuffer 共享内存，浏览器只在页面带有 Cross-Origin-Opener-Policy: same-origin 和 Cross-Origin-Embedder-Policy: require-corp 响应头时才启用它。请用带这些响应头的服务器提供本应用（npm run preview 即可），或通过 https/localhost 访问以便其 Service Worker 补上这些头，然后刷新页面。',
  isolationReason: '详情',
  shareTitle: '分享这个程序',
  shareBody: '打开此链接的人会看到你的代码（以及示例、速度、调度模式和种子）。在对方按“运行”之前不会执行。',
  copy: '复制链接',
  copied: '已复制',
  copyFailed: '复制失败：请手动选中链接并复制。',
  close: '关闭',
  longLink: (n: number) => `此链接长 ${n.toLocaleString('zh')} 个字符；部分聊天软件和邮件客户端会截断超过 2000 个字符的链接。`,
  brokenLink: '无法打开这个链接',
  fallback: (id: string) => `已改为显示内置示例“${id}”。`,
  unknownExample: (id: string) => `没有名为“${id}”的内置示例。`,
  linkErrors: {
    empty: '链接中没有代码。',
    garbage: '链接中的代码无效（含有永久链接不会出现的字符）。',
    truncated: '链接似乎被截断或损坏了：可能在复制时被截掉了一部分。',
    'too-large': '链接中的代码太大，无法打开。',
    'unknown-format': '地址中“#”之后的部分不是游乐场链接。',
    'bad-example': '链接中的示例 id 无效。',
  },
  dismiss: '关闭',
  runtimeFailed: '运行时加载失败：',
  elapsed: (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} 秒`,
  jumpHint: '点击在时间线上定位到这一刻',
  resizePicker: '调整示例列表和代码的大小（拖动，或用方向键）',
  resizeEditor: '调整代码和时间线的大小（拖动，或用方向键）',
  resizeTimeline: '调整时间线和控制台的大小（拖动，或用方向键）',
  custom: '自定义代码',
  longRun: (s: number) => `程序已经运行了 ${s} 秒。`,
  longRunEnds: (s: number) => `如果不选择继续运行，它将在 ${s} 秒后停止。`,
  keepRunning: '继续运行',
  originalNotes: '教程原文笔记',
  timelineLabels: {
    running: '运行',
    ready: '就绪',
    blocked: '阻塞',
    sleeping: '休眠',
    done: '结束',
    crashed: '崩溃',
    objects: '对象',
    summarized: '已汇总 {n} 个事件',
    dropped: '丢弃 {n} 个',
    live: '实时',
    free: '空闲',
    held: '由 {n} 持有',
    value: '值 {n}',
    set: '已设置',
    clear: '未设置',
    line: '第 {n} 行',
    timeout: '超时 {n}',
    duration: '{n}',
    on: '等待 {n}',
    latency: '{n} 后被唤醒',
    counted: '计数 {n} 次',
    arrowsHidden: '放大以查看唤醒箭头',
    shown: '显示 {n}',
    folded: '已折叠 {n} 个任务，按 Enter 展开',
    unfolded: '任务已展开，按 Enter 折叠',
    ariaLabel:
      '线程与任务的时间线。左右方向键平移，加号和减号缩放，0 显示整个运行，Home 和 End 跳到开头和结尾；上下方向键在各行之间移动，Enter 折叠或展开一行的任务，Page Up 和 Page Down 滚动。',
  } satisfies Record<TimelineLabelKey, string>, // every label, checked by the compiler
};

export const messages: Record<Lang, Messages> = { en, zh };

const LANG_KEY = 'cp:lang';

/** The saved choice, else the browser's preferred language (Chinese variants → zh). */
export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    /* storage disabled */
  }
  const prefs = typeof navigator !== 'undefined' ? [...(navigator.languages ?? []), navigator.language] : [];
  for (const l of prefs) {
    if (!l) continue;
    if (l.toLowerCase().startsWith('zh')) return 'zh';
    if (l.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

export function saveLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* storage disabled: the choice lasts for this visit */
  }
}
