async def f():
    async with a as b, c: pass
    async for x in y: pass
    [x async for x in y]
