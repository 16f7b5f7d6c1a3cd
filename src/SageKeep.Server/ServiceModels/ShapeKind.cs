namespace SageKeep.Server.ServiceModels;

/// <summary>The shape types of botocore's service-2.json format.</summary>
internal enum ShapeKind
{
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    Timestamp,
    Blob,
    Unknown,
}
