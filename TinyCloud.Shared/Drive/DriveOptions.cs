namespace TinyCloud.Shared.Drive;

public sealed class DriveOptions
{
    public long MaxUploadMb { get; set; } = 100;
    public long MaxFolderDownloadMb { get; set; } = 2000;
    /// <summary>Lifetime of the write-only SAS URL that begin-upload hands out.</summary>
    public int DirectUploadMinutes { get; set; } = 60;

    public long MaxUploadBytes => MaxUploadMb * 1024 * 1024;
    public long MaxFolderDownloadBytes => MaxFolderDownloadMb * 1024 * 1024;
    public TimeSpan DirectUploadLifetime => TimeSpan.FromMinutes(DirectUploadMinutes);
}
