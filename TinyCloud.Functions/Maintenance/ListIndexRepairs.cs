using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using TinyCloud.Functions.Http;
using TinyCloud.Functions.Platform;
using TinyCloud.Shared.Storage;

namespace TinyCloud.Functions.Maintenance;

public sealed record IndexRepairView(DateTime At, string Collection, string Index, long UserId, string Kept, string Changed,
    string Field, string From, string To);

public sealed record IndexRepairsResponse(IReadOnlyList<IndexRepairView> Repairs) : Success;

public sealed class ListIndexRepairs(IndexRepairStore repairs)
{
    [Function(nameof(ListIndexRepairs)), Allow(Access.Admin)]
    [Description("The 200 latest changes the worker made to rebuild a lost unique index (X-Admin-Key): which document kept the value, which one was renamed, from what to what.")]
    public async Task<Reply<IndexRepairsResponse>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin-service/list-index-repairs")] HttpRequest request,
        CancellationToken ct) =>
        new IndexRepairsResponse((await repairs.NewestAsync(200, ct))
            .Select(r => new IndexRepairView(r.At, r.Collection, r.Index, r.UserId, r.Kept, r.Changed, r.Field, r.From, r.To)).ToList());
}
