# 新增 (added): the tutorial only names the two advantages of `yield from`
# (避免嵌套循环, 转移控制权); this example shows both with plain generators.

# 优势1: 避免嵌套循环
def flat_nested(lists):
    for sub in lists:       # 不用 yield from: 两层循环
        for item in sub:
            yield item

def flat(lists):
    for sub in lists:
        yield from sub      # 用 yield from: 内层循环交给它

print(list(flat_nested([[1, 2], [3], [4, 5]])))
print(list(flat([[1, 2], [3], [4, 5]])))


# 优势2: 转移控制权
def inner():
    x = yield 'inner: first'
    print('inner got', x)
    y = yield 'inner: second'
    print('inner got', y)
    return 'inner result'

def outer():
    print('outer: delegating to inner')
    result = yield from inner()   # 调用方的 next/send 直接到达 inner
    print('outer: inner returned', result)
    yield 'outer: done'

gen = outer()
print(next(gen))
print(gen.send('A'))
print(gen.send('B'))
