using Azure.Storage.Blobs;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Maintenance;

/// <summary>
/// Blob timestamps come from storage's own clock, to the second. A test that needs a blob written in a later second
/// than another asks storage for its time (the Date of an answer) until that second has passed, instead of sleeping.
/// </summary>
public static class StorageClock
{
    public static Task PassAsync(BlobContainerClient container, DateTimeOffset written) =>
        Eventually.ShouldHoldAsync(async () =>
            (await container.GetPropertiesAsync()).GetRawResponse().Headers.Date.ShouldNotBeNull().ShouldBeGreaterThan(written));
}
