// Real Orleans silos in some tests measure start times; keep tests one at a time on a two-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
