from threading import Thread,local


def fun(num):
    local.num = num
    for _ in range(1000000):
        local.num += 1
    print('-----',local.num)


if __name__ == '__main__':
    local = local()
    num = 0

    t1 = Thread(target=fun,args=(num,))
    t2 = Thread(target=fun,args=(num,))

    t1.start()
    t2.start()

    t1.join()
    t2.join()
    print('-----',num)
