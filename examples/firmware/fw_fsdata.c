/* fw_fsdata.c - lwIP's fs.c includes this instead of its fsdata.c (HTTPD_FSDATA_FILE in
   lwipopts.h): no built-in files, since files that makefsdata baked in would carry heads
   without the custom headers. Every page comes from the glue's chdr_lwip_page table. */
#define FS_ROOT ((const struct fsdata_file *)NULL)
