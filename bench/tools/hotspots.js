'use strict';
// Top functions of a dotnet-trace thread-time trace (converted to speedscope), leaving out time that threads spent
// waiting (thread pool idle, monitors, sleeps, epoll), so what remains approximates where CPU time goes.
// Usage: node hotspots.js <trace.speedscope.json> [top=25]
// Prints: busy time per function, exclusive (function on top of the stack) and inclusive (anywhere on the stack),
// as a share of all busy thread time. Native time with no managed frame of its own is charged to the managed frame
// that called it ("[native, called from] ...").
const fs = require('fs');

const [file, topArg] = process.argv.slice(2);
if (!file) { console.error('usage: node hotspots.js <trace.speedscope.json> [top]'); process.exit(2); }
const top = Number(topArg || 25);
const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
const frames = doc.shared.frames.map((f) => f.name);

// A stack whose innermost managed frame is one of these is a waiting thread, not CPU work (StackExchange.Redis' pipe
// scheduler threads wait inside RunWorkLoop, in a monitor wait the trace shows no frame for).
const WAIT = /(WaitHandle\.Wait|LowLevelLifoSemaphore|Monitor\.Wait|Monitor\.ReliableEnter|Thread\.Sleep|LowLevelSpinWaiter|ManualResetEventSlim\.Wait|SemaphoreSlim\.Wait|SpinThenBlockingWait|Thread\.Join|WaitForSocketEvents|SocketAsyncEngine\.EventLoop|Interop\+Sys\.Read\(|Interop\+Sys\.Poll|PollGC|WaitSubsystem|TimerQueue\.TimerThread|PortableThreadPool\+GateThread|Interop\+Sys\.WaitPid|ThreadPoolWorkQueue\.Dispatch\(\)$|WorkerThread\.WorkerThreadStart|LowLevelMonitor\.Wait|ConsoleLoggerProcessor\.ProcessLogQueue|BlockingCollection|DedicatedThreadPoolPipeScheduler\.RunWorkLoop\(\)$)/;
const SKIP = /^(Process\d+ |\(Non-Activities\)|Threads$|Thread \(\d+\)$|UNMANAGED_CODE_TIME$|CPU_TIME$)/;

const short = (name) => name
  .replace(/^[^!]*!/, '')                    // module
  .replace(/\((.*)\)$/, (m, a) => (a.length > 40 ? '(…)' : m))
  .replace(/System\.(Private\.CoreLib|Threading\.Tasks|Runtime\.CompilerServices)\./g, '');

let busy = 0; let waiting = 0;
const excl = new Map(); const incl = new Map(); const callers = new Map();
for (const p of doc.profiles) {
  if (p.type !== 'evented') continue;
  const stack = [];
  let last = null;
  const charge = (until) => {
    if (last === null || stack.length === 0) return;
    const dt = until - last;
    if (dt <= 0) return;
    const names = stack.map((i) => frames[i]).filter((n) => !SKIP.test(n));
    if (names.length === 0) return;
    const native = (n) => n === '?' || n === '?!?';
    const managed = names.filter((n) => !native(n));
    const inner = managed.length ? managed[managed.length - 1] : '?';
    if (WAIT.test(inner)) { waiting += dt; return; }
    busy += dt;
    // "?" = native code without symbols (the runtime, the kernel: socket send/receive, ...): named after its managed caller
    const leaf = native(names[names.length - 1]) ? `[native, called from] ${short(inner)}` : inner;
    excl.set(leaf, (excl.get(leaf) || 0) + dt);
    // who calls it: the nearest two managed frames below it from another namespace (past System.Reflection's own frames, ...)
    const ns = (n) => short(n).split('.').slice(0, 2).join('.');
    const via = managed.slice(0, managed.length - 1).reverse().filter((n) => ns(n) !== ns(inner)).slice(0, 2).map(short).join(' <- ');
    if (!callers.has(leaf)) callers.set(leaf, new Map());
    const m = callers.get(leaf); m.set(via, (m.get(via) || 0) + dt);
    for (const n of new Set(managed)) incl.set(n, (incl.get(n) || 0) + dt);
  };
  for (const e of p.events) {
    charge(e.at);
    last = e.at;
    if (e.type === 'O') stack.push(e.frame);
    else { const i = stack.lastIndexOf(e.frame); if (i >= 0) stack.splice(i, 1); }
  }
}
const print = (title, map) => {
  console.log(title);
  [...map].sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([n, t], i) =>
    console.log(`  ${String(i + 1).padStart(2)}. ${(100 * t / busy).toFixed(1).padStart(5)}%  ${short(n)}`));
};
console.log(`busy thread time ${(busy / 1000).toFixed(2)} s, waiting ${(waiting / 1000).toFixed(2)} s (left out)`);
print(`top ${top} by exclusive busy time (the function itself):`, excl);
console.log(`callers of the top ${Math.min(top, 12)} (nearest two frames below from another namespace, share of that function's time):`);
[...excl].sort((a, b) => b[1] - a[1]).slice(0, Math.min(top, 12)).forEach(([n, t], i) => {
  const best = [...callers.get(n)].sort((a, b) => b[1] - a[1]).slice(0, 2)
    .map(([c, ct]) => `${(100 * ct / t).toFixed(0)}% ${c || '-'}`);
  console.log(`  ${String(i + 1).padStart(2)}. ${short(n).slice(0, 60)}\n        ${best.join('\n        ')}`);
});
print(`top ${top} by inclusive busy time (the function and what it calls):`, incl);
