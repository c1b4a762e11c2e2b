using TinyCloud.Shared.Maintenance;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Maintenance;

public sealed class CleanupBudgetTests
{
    [Fact]
    public async Task APacedRunWaitsForItsPaceButNeverPastItsTimeLimitAndIsThenSpent()
    {
        var clock = new JumpingClock();
        var budget = new CleanupBudget(double.PositiveInfinity, perSecond: 100, maxDuration: TimeSpan.FromSeconds(3), clock);

        (await budget.SpendAsync(250, default)).ShouldBeTrue();
        clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(2.5));
        (await budget.SpendAsync(250, default)).ShouldBeFalse();
        clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(3)); // the pace asked for 5 s
        budget.Exhausted.ShouldBeTrue();
    }

    [Fact]
    public async Task AnUnpacedRunIsSpentByItsRequestUnitsAloneWithoutWaiting()
    {
        var clock = new JumpingClock();
        var budget = new CleanupBudget(600, perSecond: 0, maxDuration: TimeSpan.FromMinutes(8), clock);

        (await budget.SpendAsync(500, default)).ShouldBeTrue();
        (await budget.SpendAsync(200, default)).ShouldBeFalse();
        budget.Spent.ShouldBe(700);
        clock.Elapsed.ShouldBe(TimeSpan.Zero);
    }
}
