namespace SageKeep.Scanning.Images;

/// <summary>The container an image came in, as detected from its content.</summary>
public enum ImageFormat
{
    OciLayout,
    OciArchive,
    DockerArchive,
    Rootfs,
}
