# The Debian packages, made by CPack's DEB generator (cpack -G DEB in the build folder; the
# package test in tests/package does it in a scratch folder and checks the result):
#
#   wirelab      wirelab-server, wirelab-client, wirelab-check, their man pages, the systemd
#                units, the Wireshark dissector, docs/DEPLOY.md
#   wirelab-gui  wirelab-gui, its man page, the desktop file and the icon
#
# Two packages, so that a server machine does not pull in Qt Widgets, OpenGL and X for a
# window it never opens; the GUI has its own built-in server and needs nothing from
# wirelab. Included from the root CMakeLists.txt after every program's folder (so that
# if(TARGET ...) sees them all) and before include(CPack).

set(WIRELAB_PACKAGE_MAINTAINER "The Wirelab developers <wirelab@example.org>" CACHE STRING
    "Maintainer field of the Debian packages")
# Wireshark's global Lua plugin folder on Debian (tshark -G folders: "Global Lua Plugins").
set(WIRELAB_WIRESHARK_PLUGIN_DIR "${CMAKE_INSTALL_LIBDIR}/wireshark/plugins" CACHE STRING
    "Where the Wireshark dissector is installed, relative to the prefix")
if(CMAKE_LIBRARY_ARCHITECTURE AND WIRELAB_WIRESHARK_PLUGIN_DIR STREQUAL "${CMAKE_INSTALL_LIBDIR}/wireshark/plugins")
    # GNUInstallDirs says lib/<multiarch> only when configured for /usr; the package
    # always installs to /usr, where Debian's Wireshark looks.
    set(WIRELAB_WIRESHARK_PLUGIN_DIR "lib/${CMAKE_LIBRARY_ARCHITECTURE}/wireshark/plugins")
endif()

set(packaging_dir ${CMAKE_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${packaging_dir})
find_program(GZIP_EXECUTABLE gzip)
find_program(HELP2MAN_EXECUTABLE help2man)

# Man pages from each program's --help and --version, made at build time (help2man), so
# that they say what the program says. The GUI's --help runs offscreen; a sanitizer build's
# leak report at exit must not fail the build.
function(wirelab_man_page target component summary)
    if(NOT TARGET ${target})
        return()
    endif()
    if(NOT HELP2MAN_EXECUTABLE OR NOT GZIP_EXECUTABLE OR WIRELAB_FUZZ)
        return()
    endif()
    set(page ${packaging_dir}/${target}.1)
    # More sections for the page, when packaging/<program>.h2m has them.
    set(include_args)
    set(include_file ${CMAKE_SOURCE_DIR}/packaging/${target}.h2m)
    if(EXISTS ${include_file})
        set(include_args --include=${include_file})
    else()
        set(include_file)
    endif()
    add_custom_command(OUTPUT ${page}.gz
        COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=0
                ${HELP2MAN_EXECUTABLE} --no-info --section=1 --name=${summary}
                ${include_args} --output=${page} $<TARGET_FILE:${target}>
        COMMAND ${GZIP_EXECUTABLE} -9nf ${page}
        DEPENDS ${target} ${include_file}
        COMMENT "Making the man page of ${target} from its --help"
        VERBATIM)
    add_custom_target(${target}-man ALL DEPENDS ${page}.gz)
    install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${component})
endfunction()

wirelab_man_page(wirelab-server wirelab "the lab protocol server")
wirelab_man_page(wirelab-client wirelab "the lab protocol client")
wirelab_man_page(wirelab-check wirelab "checks a server against the lab protocol")
wirelab_man_page(wirelab-gui gui "shows every byte of the lab protocol")

install(FILES ${CMAKE_SOURCE_DIR}/resources/wirelab-server.socket
              ${CMAKE_SOURCE_DIR}/resources/wirelab-server.service
        DESTINATION lib/systemd/system COMPONENT wirelab)
if(EXISTS ${CMAKE_SOURCE_DIR}/resources/wirelab.lua)
    install(FILES ${CMAKE_SOURCE_DIR}/resources/wirelab.lua
            DESTINATION ${WIRELAB_WIRESHARK_PLUGIN_DIR} COMPONENT wirelab)
endif()

# The Debian copyright file from LICENSE (machine-readable format, Debian's name for the
# MIT licence: Expat): the licence text after its copyright line, one space in, blank
# lines as " .".
file(READ ${CMAKE_SOURCE_DIR}/LICENSE license_text)
string(REGEX MATCH "Copyright \\(c\\) ([^\n]*)" copyright_line "${license_text}")
set(WIRELAB_COPYRIGHT "${CMAKE_MATCH_1}")
string(REGEX REPLACE "^.*Copyright \\(c\\) [^\n]*\n+" "" license_body "${license_text}")
string(REGEX REPLACE "\n+$" "" license_body "${license_body}")
string(REPLACE "\n\n" "\n.\n" license_body "${license_body}")
string(REPLACE "\n" "\n " WIRELAB_LICENSE_TEXT " ${license_body}")
configure_file(${CMAKE_SOURCE_DIR}/packaging/copyright.in ${packaging_dir}/copyright @ONLY)

# Compressed at build time with gzip -9n (no name or time stamp, as lintian asks).
function(wirelab_gzip source output)
    add_custom_command(OUTPUT ${output}
        COMMAND ${GZIP_EXECUTABLE} -9n -c ${source} > ${output}
        DEPENDS ${source}
        VERBATIM)
endfunction()
if(GZIP_EXECUTABLE)
    wirelab_gzip(${CMAKE_SOURCE_DIR}/packaging/changelog ${packaging_dir}/changelog.gz)
    wirelab_gzip(${CMAKE_SOURCE_DIR}/docs/DEPLOY.md ${packaging_dir}/DEPLOY.md.gz)
    add_custom_target(wirelab-package-docs ALL
        DEPENDS ${packaging_dir}/changelog.gz ${packaging_dir}/DEPLOY.md.gz)
endif()

set(package_components wirelab)
if(TARGET wirelab-gui)
    list(APPEND package_components gui)
endif()
foreach(component ${package_components})
    set(package wirelab)
    if(component STREQUAL "gui")
        set(package wirelab-gui)
    endif()
    install(FILES ${packaging_dir}/copyright ${packaging_dir}/changelog.gz
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
endforeach()
install(FILES ${packaging_dir}/DEPLOY.md.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/wirelab
        COMPONENT wirelab)

# CPack: what include(CPack) in the root CMakeLists.txt reads.
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    set(CPACK_GENERATOR DEB)
else()
    set(CPACK_GENERATOR TGZ)
endif()
set(CPACK_PACKAGE_NAME wirelab)
set(CPACK_PACKAGE_VENDOR "The Wirelab developers")
set(CPACK_PACKAGE_CONTACT "${WIRELAB_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "tools for the lab's length-prefixed application protocol")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL ${package_components})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS ${CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS})

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${WIRELAB_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_WIRELAB_PACKAGE_NAME wirelab)
set(CPACK_DEBIAN_GUI_PACKAGE_NAME wirelab-gui)
set(CPACK_DEBIAN_GUI_PACKAGE_SOURCE wirelab)
# The answers the lab's server gives hold emoji ("Follow the white rabbit. 🐰"): the window
# shows them in colour with this font, and without it as boxes.
set(CPACK_DEBIAN_GUI_PACKAGE_RECOMMENDS fonts-noto-color-emoji)
# What the wirelab package holds, said in its description.
set(wirelab_check_text "")
if(TARGET wirelab-check)
    set(wirelab_check_text "\nwirelab-check, which checks any server against the lab protocol;")
endif()
set(wirelab_dissector_text "")
if(EXISTS ${CMAKE_SOURCE_DIR}/resources/wirelab.lua)
    set(wirelab_dissector_text "\nand a Wireshark dissector for the protocol.")
endif()
set(CPACK_COMPONENT_WIRELAB_DESCRIPTION
    "lab protocol server and client, with systemd units
The length-prefixed application protocol of the networking course's lab
(a 2-byte header length, a JSON header, then the content): wirelab-server,
a server for a whole class that stays up whatever a client sends, with
systemd socket activation and the PROXY protocol for HAProxy;
wirelab-client, the lab client's command line;${wirelab_check_text}${wirelab_dissector_text}")
set(CPACK_COMPONENT_GUI_DESCRIPTION
    "window that shows every byte of the lab protocol
A Qt client for the networking course's lab protocol that sends the lab's
requests and shows what travels: the annotated bytes, the parsed JSON
header, the decoded content and the answer. A built-in server lets it
run with nothing else installed.")
