using System.Reflection;
using Xunit.v3;

[assembly: TinyCloud.Tests.Infrastructure.NoWorkerLeftBehind]

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// After every test: a worker the test started and did not stop fails the test, and is stopped here so its slot comes
/// free for the others. Workers are owned: <c>await using var worker = await stack.StartWorkerAsync(...)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class NoWorkerLeftBehindAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        var left = WorkerSlots.LeftBy(test.UniqueID);
        if (left.Count == 0)
            return;
        foreach (var worker in left)
            worker.DisposeAsync().AsTask().GetAwaiter().GetResult();
        throw new InvalidOperationException(
            $"{methodUnderTest.Name} left {left.Count} worker(s) running; a test stops what it starts (await using).");
    }
}
