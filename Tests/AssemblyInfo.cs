// Cluster tests measure failure detection in real time (a machine is declared dead after 1.2 s without a
// pulse); running several clusters at once on a two-core machine starves them and declares live machines dead.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
