[assembly: AssemblyFixture(typeof(TinyCloud.Tests.Infrastructure.Backends))]

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// The integration tests' collections: one per area, run side by side, each with a worker of its own (its
/// <see cref="Stack"/>) on the backends the whole run shares (the assembly fixture <see cref="Backends"/>). Tests isolate
/// themselves by user, so areas never wait for each other; within an area tests run one at a time. The split follows
/// measured time (docs/TESTING.md).
/// </summary>
public static class Areas
{
    public const string Accounts = "accounts";
    public const string Drive = "drive";
    public const string Sharing = "sharing";
    public const string Integrity = "integrity";
    public const string Maintenance = "maintenance";
    public const string Activity = "activity";
}

[CollectionDefinition(Areas.Accounts)]
public sealed class AccountsArea : ICollectionFixture<Stack>;

[CollectionDefinition(Areas.Drive)]
public sealed class DriveArea : ICollectionFixture<Stack>;

[CollectionDefinition(Areas.Sharing)]
public sealed class SharingArea : ICollectionFixture<Stack>;

[CollectionDefinition(Areas.Integrity)]
public sealed class IntegrityArea : ICollectionFixture<Stack>;

[CollectionDefinition(Areas.Maintenance)]
public sealed class MaintenanceArea : ICollectionFixture<Stack>;

[CollectionDefinition(Areas.Activity)]
public sealed class ActivityArea : ICollectionFixture<Stack>;
