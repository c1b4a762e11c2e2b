namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// Bounds the workers (host + worker process pairs) alive at once in a test run to <see cref="Max"/>: the area
/// collections' own workers and the extra ones tests start. A slot is taken before a worker starts and given back when
/// it stops. A test that needs two workers at once takes both in one call, and a test holding a worker may not ask for
/// another, so no test waits while holding one and the bound can never deadlock. Starts, stops and the peak are written
/// to <c>TINYCLOUD_TEST_STATS</c> (when set) at every change; test.sh prints them.
/// </summary>
public static class WorkerSlots
{
    public const int Max = 8;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private static readonly object Gate = new();
    private static readonly LinkedList<(int Count, TaskCompletionSource Granted)> Waiting = new();
    private static readonly Dictionary<string, List<Slot>> HeldByTest = [];
    private static int _live, _peak, _started, _stopped;

    /// <summary>Waits for <paramref name="count"/> slots at once and returns what gives them back, one each.</summary>
    public static async Task<Slot[]> TakeAsync(int count)
    {
        var test = TestContext.Current.Test?.UniqueID;
        TaskCompletionSource granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        LinkedListNode<(int, TaskCompletionSource)>? queued = null;
        lock (Gate)
        {
            if (count > Max)
                throw new InvalidOperationException($"A test may run at most {Max} workers at once.");
            if (test is not null && HeldByTest.ContainsKey(test))
                throw new InvalidOperationException(
                    "This test already runs a worker: start the workers it needs at once with Stack.StartWorkersAsync.");
            if (Waiting.Count == 0 && _live + count <= Max)
                Grant(count, granted);
            else
                queued = Waiting.AddLast((count, granted));
        }
        try
        {
            await granted.Task.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            lock (Gate)
                if (queued is not null && !granted.Task.IsCompleted)
                    Waiting.Remove(queued);
            throw new TimeoutException($"No worker slot came free in {Patience} ({Max} workers alive).");
        }
        var slots = Enumerable.Range(0, count).Select(_ => new Slot(test)).ToArray();
        if (test is not null)
            lock (Gate)
                HeldByTest[test] = [.. slots];
        return slots;
    }

    private static void Grant(int count, TaskCompletionSource granted)
    {
        _live += count;
        _started += count;
        _peak = Math.Max(_peak, _live);
        granted.SetResult();
        WriteStats();
    }

    /// <summary>The workers a test started and has not stopped; called once the test is over.</summary>
    public static List<Worker> LeftBy(string test)
    {
        lock (Gate)
            return HeldByTest.GetValueOrDefault(test)?.Select(slot => slot.Worker).OfType<Worker>().ToList() ?? [];
    }

    private static void Give(Slot slot, string? test)
    {
        lock (Gate)
        {
            _live--;
            _stopped++;
            if (test is not null && HeldByTest.TryGetValue(test, out var held) && held.Remove(slot) && held.Count == 0)
                HeldByTest.Remove(test);
            while (Waiting.First is { } next && _live + next.Value.Count <= Max)
            {
                Waiting.RemoveFirst();
                Grant(next.Value.Count, next.Value.Granted);
            }
            WriteStats();
        }
    }

    private static void WriteStats()
    {
        if (Environment.GetEnvironmentVariable("TINYCLOUD_TEST_STATS") is { Length: > 0 } path)
            File.WriteAllText(path, $"workers: {_started} started, {_stopped} stopped, peak {_peak} alive at once (limit {Max})\n");
    }

    /// <summary>One worker's slot; giving it back twice gives it back once.</summary>
    public sealed class Slot(string? test)
    {
        private int _given;

        /// <summary>The worker started in this slot, once it is.</summary>
        public Worker? Worker { get; set; }

        public void Give()
        {
            if (Interlocked.Exchange(ref _given, 1) == 0)
                WorkerSlots.Give(this, test);
        }
    }
}
