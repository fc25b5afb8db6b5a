/**!
 * {{title}} v{{version}}
 * {{description}}
 * Build {{buildId}}
 *
 * @copyright Copyright {{beginCopyrightYear}}-{{currentYear}} {{author}}.
 * @author    {{author}}.
 * @link      {{websiteUrl}}
 *
 * @license   Commercial use requires a commercial license.
 *            {{commercialLicenseUrl}}
 *
 *            Non-commercial use permitted under same terms as CC BY-NC 3.0 license.
 *            {{nonCommercialLicenseUrl}}
 */
