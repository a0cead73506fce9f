// 新增 (added): the tutorial only names the two advantages of `yield from`
// (避免嵌套循环, 转移控制权); this example shows both with plain generators.
// Python's `yield from g` is JavaScript's `yield* g`.

// 优势1: 避免嵌套循环
function* flat_nested(lists: number[][]) {
  for (const sub of lists) { // 不用 yield from: 两层循环
    for (const item of sub) {
      yield item;
    }
  }
}

function* flat(lists: number[][]) {
  for (const sub of lists) {
    yield* sub; // 用 yield from: 内层循环交给它
  }
}

print([...flat_nested([[1, 2], [3], [4, 5]])]);
print([...flat([[1, 2], [3], [4, 5]])]);


// 优势2: 转移控制权
function* inner(): Generator<string, string, string> {
  const x = yield 'inner: first';
  print('inner got', x);
  const y = yield 'inner: second';
  print('inner got', y);
  return 'inner result';
}

function* outer(): Generator<string, void, string> {
  print('outer: delegating to inner');
  const result = yield* inner(); // 调用方的 next/send 直接到达 inner
  print('outer: inner returned', result);
  yield 'outer: done';
}

// next(gen) → gen.next().value; gen.send(v) → gen.next(v).value
const gen = outer();
print(gen.next().value);
print(gen.next('A').value);
print(gen.next('B').value);
