namespace SageKeep.Scanning.Images;

/// <summary>Read access to the files of an image container: a layout directory or an (indexed) tar archive.</summary>
internal interface IImageFiles : IDisposable
{
    /// <summary>Length of the file at the relative path, or null when there is no such regular file.</summary>
    long? Length(string relativePath);

    /// <summary>Opens the file at the relative path for sequential reading.</summary>
    Stream Open(string relativePath);
}
