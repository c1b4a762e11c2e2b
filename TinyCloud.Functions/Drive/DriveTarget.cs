using TinyCloud.Functions.Http;
using TinyCloud.Shared.Drive;

namespace TinyCloud.Functions.Drive;

/// <summary>A field and a normalized path of the caller's own drive: the only way a drive route names a place.</summary>
public readonly record struct DriveTarget(string Field, string Path)
{
    public string Parent => DrivePath.Parent(Path);
    public string Name => DrivePath.Name(Path);
    public bool IsRoot => Path == DrivePath.Root;

    /// <summary>Null when the last segment may name something new (<see cref="DrivePath.CheckNewName"/>), else the 400.</summary>
    public ErrorResult? NewNameRefusal() =>
        DrivePath.CheckNewName(Name) is { } rule ? Api.BadRequest($"'{Name}' cannot be a new name: {rule}") : null;

    /// <summary>Checks the field and path rules; the error is a 400 envelope naming the rule broken.</summary>
    public static bool TryParse(string? field, string? rawPath, out DriveTarget target, out ErrorResult error)
    {
        target = default;
        error = null!;
        if (!FileFields.IsValid(field))
        {
            error = Api.BadRequest($"Unknown file_field '{field}': use one of {string.Join(", ", FileFields.All)}.");
            return false;
        }
        var (path, rule) = DrivePath.Normalize(rawPath);
        if (path is null)
        {
            error = Api.BadRequest(rule!);
            return false;
        }
        target = new DriveTarget(field!, path);
        return true;
    }

    /// <summary>As <see cref="TryParse"/>, and the entity's <c>name</c> must equal the path's last segment.</summary>
    public static bool TryParse(FsEntity entity, string field, out DriveTarget target, out ErrorResult error)
    {
        if (!TryParse(field, entity.AbsPath, out target, out error))
            return false;
        if (!NameText.IsWellFormed(entity.Name))
        {
            error = Api.BadRequest($"fs_entity.name: {NameText.BrokenUnicodeRule}");
            return false;
        }
        var name = entity.Name.Normalize(System.Text.NormalizationForm.FormC);
        if (!target.IsRoot && name != target.Name)
        {
            error = Api.BadRequest($"fs_entity.name '{entity.Name}' must equal the last segment of abs_path ('{target.Name}').");
            return false;
        }
        return true;
    }
}
