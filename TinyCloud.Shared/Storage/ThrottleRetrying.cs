using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using MongoDB.Driver;

namespace TinyCloud.Shared.Storage;

/// <summary>
/// Puts <see cref="ThrottleRetry"/> under every asynchronous call of a database and of the collections it hands out, so the
/// stores stay plain one-line wrappers of IMongoCollection. The driver's fluent finds and aggregates end in the
/// collection's FindAsync/AggregateAsync, so they are covered; the cursors those hand out retry a throttled getMore the
/// same way (a throttled request did not run, so the cursor is where it was).
/// </summary>
public static class ThrottleRetrying
{
    public static IMongoDatabase Wrap(IMongoDatabase database, ThrottleRetry retry) => Proxy<IMongoDatabase>.Create(database, retry);

    /// <summary>One proxy type per interface; the calls it intercepts are forwarded by reflection.</summary>
    public class Proxy<TInterface> : DispatchProxy where TInterface : class
    {
        private TInterface _target = null!;
        private ThrottleRetry _retry = null!;

        public static TInterface Create(TInterface target, ThrottleRetry retry)
        {
            var proxy = DispatchProxy.Create<TInterface, Proxy<TInterface>>();
            var self = (Proxy<TInterface>)(object)proxy;
            (self._target, self._retry) = (target, retry);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(method);
            var returns = method.ReturnType;
            if (returns == typeof(Task))
                return _retry.RunAsync(() => (Task)Forward(method, args)!, TokenIn(args));
            if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
                return Adapters.GetOrAdd(returns.GetGenericArguments()[0], MakeAdapter)(_retry, () => Forward(method, args)!, TokenIn(args));
            return WrapCollection(Forward(method, args), returns, _retry);
        }

        private object? Forward(MethodInfo method, object?[]? args)
        {
            try
            {
                return method.Invoke(_target, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }
    }

    private static readonly ConcurrentDictionary<Type, Func<ThrottleRetry, Func<object>, CancellationToken, object>> Adapters = new();
    private static readonly ConcurrentDictionary<Type, Func<object, ThrottleRetry, object>> CollectionWrappers = new();

    private static CancellationToken TokenIn(object?[]? args) =>
        args?.OfType<CancellationToken>().LastOrDefault() ?? CancellationToken.None;

    private static Func<ThrottleRetry, Func<object>, CancellationToken, object> MakeAdapter(Type result)
    {
        var cursor = result.IsGenericType && result.GetGenericTypeDefinition() == typeof(IAsyncCursor<>);
        return typeof(ThrottleRetrying).GetMethod(cursor ? nameof(AdaptCursor) : nameof(Adapt), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(cursor ? result.GetGenericArguments()[0] : result)
            .CreateDelegate<Func<ThrottleRetry, Func<object>, CancellationToken, object>>();
    }

    private static object Adapt<T>(ThrottleRetry retry, Func<object> call, CancellationToken ct) =>
        retry.RunAsync(() => (Task<T>)call(), ct);

    private static async Task<IAsyncCursor<T>> AdaptCursor<T>(ThrottleRetry retry, Func<object> call, CancellationToken ct) =>
        new RetryingCursor<T>(await retry.RunAsync(() => (Task<IAsyncCursor<T>>)call(), ct), retry);

    /// <summary>A cursor whose getMore (MoveNextAsync past the first batch) is retried when throttled.</summary>
    private sealed class RetryingCursor<T>(IAsyncCursor<T> cursor, ThrottleRetry retry) : IAsyncCursor<T>
    {
        public IEnumerable<T> Current => cursor.Current;
        public bool MoveNext(CancellationToken ct = default) => cursor.MoveNext(ct);
        public Task<bool> MoveNextAsync(CancellationToken ct = default) => retry.RunAsync(() => cursor.MoveNextAsync(ct), ct);
        public void Dispose() => cursor.Dispose();
    }

    /// <summary>GetCollection, WithReadPreference and the like hand out collections, which are wrapped in turn.</summary>
    private static object? WrapCollection(object? result, Type declared, ThrottleRetry retry) =>
        result is not null && declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(IMongoCollection<>)
            ? CollectionWrappers.GetOrAdd(declared, MakeCollectionWrapper)(result, retry)
            : result;

    private static Func<object, ThrottleRetry, object> MakeCollectionWrapper(Type collection)
    {
        var create = typeof(Proxy<>).MakeGenericType(collection).GetMethod(nameof(Proxy<object>.Create))!;
        return (target, retry) => create.Invoke(null, [target, retry])!;
    }
}
