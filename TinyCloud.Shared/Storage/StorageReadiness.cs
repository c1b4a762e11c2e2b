namespace TinyCloud.Shared.Storage;

/// <summary>
/// Whether every store's indexes are in place, as <see cref="StorageInitializer"/> last found them. Until they are,
/// requests are refused: a unique index that is missing decides nothing.
/// </summary>
public sealed class StorageReadiness
{
    /// <summary>How long a request that arrives before the first check has finished waits for it.</summary>
    public static readonly TimeSpan FirstCheckPatience = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _firstCheck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _ready;

    public bool IsReady => _ready;

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
}
