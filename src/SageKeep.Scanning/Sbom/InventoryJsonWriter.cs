using System.Text.Json;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Sbom;

/// <summary>SageKeep's own inventory JSON: the inventory as it is, for part 2 (matching) and for people debugging a scan.</summary>
internal static class InventoryJsonWriter
{
    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static void Write(ImageInventory inventory, Utf8JsonWriter writer) =>
        JsonSerializer.Serialize(writer, inventory, SerializerOptions);
}
