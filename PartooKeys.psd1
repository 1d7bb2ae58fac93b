@{
    RootModule           = 'PartooKeys.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f1d2c3a-8b4e-4f7a-9c21-5e0b7d3a9f42'
    Author               = 'PartooKeys contributors'
    CompanyName          = 'PartooKeys'
    Copyright            = '(c) 2026 PartooKeys contributors. MIT License.'
    Description          = 'Manage Partoo API keys (list, filter, read, audit, create, update, revoke) from PowerShell. The module''s own key comes from a SecretManagement vault (Microsoft.PowerShell.SecretManagement is required for vaults and loaded only when one is used), a PSCredential, a SecureString or PARTOO_API_KEY.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    # No FormatsToProcess: the first PartooKeys command loads PartooKeys.format.ps1xml (Update-FormatData
    # -AppendPath), so Import-Module does not build the session's format database (see docs/import-time.md).
    CmdletsToExport      = @(
        'Connect-Partoo'
        'Disconnect-Partoo'
        'Get-PartooConnection'
        'Get-PartooApiKey'
        'Get-PartooApiKeyAudit'
        'New-PartooApiKey'
        'Set-PartooApiKey'
        'Revoke-PartooApiKey'
        'Get-PartooPermission'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            # Needed only to read or store a key in a vault: imported the first time a vault is used.
            ExternalModuleDependencies = @('Microsoft.PowerShell.SecretManagement')
            Tags         = @('Partoo', 'ApiKey', 'API', 'Security', 'SecretManagement', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # No ProjectUri or LicenseUri: the project has no public address yet. The MIT license is the LICENSE file
            # in the module folder (and in the package); build.ps1 -ProjectUri/-LicenseUri stamp real ones into a package.
            ReleaseNotes = '0.1.0: Connect-Partoo / Disconnect-Partoo / Get-PartooConnection with the key from a SecretManagement vault; Get-PartooApiKey with filters, automatic paging, -First/-Skip/-IncludeTotalCount, and reads by id; New-PartooApiKey (the new secret only as a SecureString or straight into a vault with -SecretName), Set-PartooApiKey (only the changed fields are sent; -AddPermission/-RemovePermission keep permissions the key''s user lacks) and Revoke-PartooApiKey (already revoked keys are a warning; revoking the session''s own key asks twice), all with -WhatIf/-Confirm, checks before anything is sent, and permission name completion.'
        }
    }
}
