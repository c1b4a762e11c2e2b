using System.Net;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;
using TinyCloud.Shared.Storage;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Storage;

public sealed class ThrottleRetryTests
{
    [Fact]
    public async Task AThrottledCallIsRetriedUntilItSucceeds()
    {
        var calls = 0;
        var result = await new ThrottleRetry(TimeSpan.FromSeconds(5)).RunAsync(() =>
            ++calls <= 2 ? throw Throttle("RetryAfterMs=10") : Task.FromResult(42), default);

        result.ShouldBe(42);
        calls.ShouldBe(3);
    }

    [Fact]
    public async Task AThrottleThatOutlastsTheBudgetReachesTheCallerWithinTheBudget()
    {
        var clock = new JumpingClock();
        var calls = new List<TimeSpan>();
        var thrown = await Should.ThrowAsync<MongoCommandException>(new ThrottleRetry(TimeSpan.FromMilliseconds(300), clock).RunAsync(() =>
        {
            calls.Add(clock.Elapsed);
            return Task.FromException<int>(Throttle("RetryAfterMs=50"));
        }, default));

        thrown.Code.ShouldBe(Throttles.Code);
        calls.Count.ShouldBeGreaterThan(2);
        calls[^1].ShouldBeLessThanOrEqualTo(TimeSpan.FromMilliseconds(300)); // no retry sleeps past the budget
        calls.Zip(calls.Skip(1), (a, b) => b - a).ShouldAllBe(wait => wait >= TimeSpan.FromMilliseconds(25)); // never below half the hint
    }

    [Fact]
    public async Task ABudgetOfZeroNeverRetries()
    {
        var calls = 0;
        await Should.ThrowAsync<MongoCommandException>(new ThrottleRetry(TimeSpan.Zero).RunAsync(() =>
        {
            calls++;
            return Task.FromException<int>(Throttle(""));
        }, default));
        calls.ShouldBe(1);
    }

    [Fact]
    public async Task OtherErrorsAreNotRetried()
    {
        var calls = 0;
        var thrown = await Should.ThrowAsync<MongoCommandException>(new ThrottleRetry(TimeSpan.FromSeconds(5)).RunAsync(() =>
        {
            calls++;
            return Task.FromException<int>(CommandError(11000, "E11000 duplicate key"));
        }, default));
        thrown.Code.ShouldBe(11000);
        calls.ShouldBe(1);
    }

    [Theory]
    [InlineData("Request rate is large. RetryAfterMs=400, Details='Response status code does not indicate success: TooManyRequests'", 0, 200, 400)]
    [InlineData("Request rate is large", 0, 12.5, 25)]
    [InlineData("Request rate is large", 3, 100, 200)]
    [InlineData("Request rate is large", 30, 500, 1000)]
    [InlineData("RetryAfterMs=90000", 0, 500, 1000)]
    public void TheWaitStartsFromTheServersSuggestionDoublesAndIsHalfJittered(string message, int attempt, double atLeastMs, double atMostMs)
    {
        for (var i = 0; i < 50; i++)
        {
            var wait = ThrottleRetry.Wait(Throttle(message), attempt).TotalMilliseconds;
            wait.ShouldBeInRange(atLeastMs, atMostMs);
        }
    }

    [Fact]
    public void AThrottledWriteOrBulkWriteIsRecognisedAndTheSuggestedWaitRead()
    {
        Throttles.IsThrottle(Throttle("RetryAfterMs=7")).ShouldBeTrue();
        Throttles.SuggestedWait(Throttle("RetryAfterMs=7")).ShouldBe(TimeSpan.FromMilliseconds(7));
        Throttles.IsThrottle(CommandError(11000, "dup")).ShouldBeFalse();
        Throttles.IsThrottle(new AggregateException(Throttle(""))).ShouldBeTrue();
        Throttles.SuggestedWait(Throttle("no hint")).ShouldBeNull();
    }

    private static MongoCommandException Throttle(string message) => CommandError(Throttles.Code, message);

    private static MongoCommandException CommandError(int code, string message) => new(
        new ConnectionId(new ServerId(new ClusterId(), new DnsEndPoint("localhost", 27017))), message,
        new BsonDocument("update", "entries"), new BsonDocument { { "ok", 0 }, { "code", code }, { "errmsg", message } });
}
