namespace Maildriver.Runtime.Scheduling;

/// <summary>
/// Runs one activation's work one piece at a time, as Orleans's activation scheduler does: every turn and every
/// continuation of grain code is queued here, so grain code never runs on two threads at once even when calls
/// interleave. An idle scheduler may run a new turn inline on the caller's thread, which keeps a call inside one
/// silo to a few microseconds.
/// </summary>
internal sealed class ActivationTaskScheduler : TaskScheduler, IThreadPoolWorkItem
{
    [ThreadStatic]
    private static ActivationTaskScheduler? t_current;

    private readonly Queue<Task> _queue = new();
    private readonly Lock _lock = new();
    private bool _running;

    /// <summary>Runs <paramref name="task"/> on the calling thread if the scheduler is idle; otherwise queues it.</summary>
    public void RunOrQueue(Task task)
    {
        bool inline;
        lock (_lock)
        {
            inline = !_running;
            _running = true;
        }

        if (!inline)
        {
            // Start binds the task to this scheduler and queues it; whoever is running drains it, or, if they
            // finished in between, QueueTask schedules a pump.
            task.Start(this);
            return;
        }

        var previous = t_current;
        t_current = this;
        try
        {
            task.RunSynchronously(this);
        }
        finally
        {
            t_current = previous;
            Release();
        }
    }

    /// <inheritdoc/>
    protected override void QueueTask(Task task)
    {
        lock (_lock)
        {
            _queue.Enqueue(task);
            if (_running)
            {
                return;
            }

            _running = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    /// <inheritdoc/>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued)
        => !taskWasPreviouslyQueued && t_current == this && TryExecuteTask(task);

    /// <inheritdoc/>
    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_lock)
        {
            return _queue.ToArray();
        }
    }

    /// <inheritdoc/>
    public override int MaximumConcurrencyLevel => 1;

    void IThreadPoolWorkItem.Execute()
    {
        var previous = t_current;
        t_current = this;
        try
        {
            // Bound the batch so one busy activation cannot hold a pool thread forever.
            for (var i = 0; i < 64; i++)
            {
                Task? next;
                lock (_lock)
                {
                    if (!_queue.TryDequeue(out next))
                    {
                        _running = false;
                        return;
                    }
                }

                TryExecuteTask(next);
            }
        }
        finally
        {
            t_current = previous;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private void Release()
    {
        lock (_lock)
        {
            if (_queue.Count == 0)
            {
                _running = false;
                return;
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }
}
