using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Accounts;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Accounts;

/// <summary>The quota and what uses it: current files, versions and the trash (they add up to used_bytes).</summary>
public sealed record UsageResponse(
    long QuotaBytes, long UsedBytes, long CurrentBytes, long VersionsBytes, long TrashBytes, long ReservedBytes, long AvailableBytes) : Success;

public sealed class GetUsage(DriveUsage usage)
{
    [Function(nameof(GetUsage)), TokenScope(TokenScopes.FilesRead), Allow(Access.User)]
    [Description("The quota and what uses it: current files, file versions and the trash, in bytes.")]
    public async Task<Reply<UsageResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/user-service/get-usage")] HttpRequest request,
        CancellationToken ct)
    {
        var user = request.CurrentUser();
        var split = await usage.SplitAsync(user.Id, user.UsedBytes, ct);
        return new UsageResponse(user.QuotaBytes, user.UsedBytes, split.CurrentBytes, split.VersionsBytes, split.TrashBytes,
            user.ReservedBytes, user.FreeBytes);
    }
}
