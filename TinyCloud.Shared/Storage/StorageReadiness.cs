using System.Collections.Immutable;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// Whether storage can be used, as <see cref="StorageInitializer"/> last found it. Until MongoDB answers and every index
/// is in place, requests are refused. A collection whose unique index went missing later is only <em>unguarded</em>:
/// the routes that write it are refused (a missing unique index decides nothing), the others keep working.
/// </summary>
public sealed class StorageReadiness
{
    /// <summary>How long a request that arrives before the first check has finished waits for it.</summary>
    public static readonly TimeSpan FirstCheckPatience = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _firstCheck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _ready;
    private ImmutableHashSet<string> _unguarded = [];

    public bool IsReady => _ready;

    /// <summary>The collections whose unique indexes are not all in place.</summary>
    public IReadOnlySet<string> Unguarded => _unguarded;

    /// <summary>Whether every unique index of <paramref name="collection"/> is in place, so writes to it may go on.</summary>
    public bool IsGuarded(string collection) => !_unguarded.Contains(collection);

    /// <summary>The readiness once the first check has finished (or after <see cref="FirstCheckPatience"/>).</summary>
    public async ValueTask<bool> IsReadyAsync(CancellationToken ct)
    {
        if (!_firstCheck.Task.IsCompleted)
            await _firstCheck.Task.WaitAsync(FirstCheckPatience, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        return _ready;
    }

    internal void Set(bool ready)
    {
        _ready = ready;
        _firstCheck.TrySetResult();
    }

    internal void SetGuarded(string collection, bool guarded) =>
        ImmutableInterlocked.Update(ref _unguarded, set => guarded ? set.Remove(collection) : set.Add(collection));
}
