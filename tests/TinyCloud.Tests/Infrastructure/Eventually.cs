namespace TinyCloud.Tests.Infrastructure;

/// <summary>For effects another process produces on its own time (a timer firing): retry an assertion until a deadline.</summary>
public static class Eventually
{
    public static async Task ShouldHoldAsync(Func<Task> assertion, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (ShouldAssertException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public static Task ShouldHoldAsync(Action assertion, TimeSpan? within = null) =>
        ShouldHoldAsync(() =>
        {
            assertion();
            return Task.CompletedTask;
        }, within);
}
