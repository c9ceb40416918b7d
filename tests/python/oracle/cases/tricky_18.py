with a as (b, c), d as [e]: pass
